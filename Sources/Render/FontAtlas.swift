import Foundation

/// The bitmap fonts labels and the legend are drawn with: DejaVu Sans Mono
/// rasterized at two sizes (8-bit coverage per pixel) by
/// `scripts/make_font_atlas.py`. Latin-1 is covered; other characters show as "?".
public final class FontAtlas: Sendable {
    public let cellWidth: Int
    public let cellHeight: Int
    /// Pixels from the top of a cell to the baseline.
    public let baseline: Int
    private let glyphs: [UInt8]
    /// Code point (0…255) → glyph number, −1 where there is none.
    private let index: [Int]
    /// The few glyphs past Latin-1 (dashes, bullet, ellipsis).
    private let extra: [UInt32: Int]

    /// 6×13 cells: for small frames (under 400 pixels high).
    public static let small = FontAtlas(smallData)
    /// 8×17 cells: for everything else.
    public static let regular = FontAtlas(regularData)

    /// The atlas that reads well in a frame this high.
    public static func suited(toHeight h: Int) -> FontAtlas { h < 400 ? small : regular }

    init(_ d: FontAtlasData) {
        cellWidth = d.cellWidth
        cellHeight = d.cellHeight
        baseline = d.baseline
        let bytes = Data(base64Encoded: d.base64, options: .ignoreUnknownCharacters).map(Array.init) ?? []
        glyphs = bytes
        var idx = [Int](repeating: -1, count: 256)
        var more: [UInt32: Int] = [:]
        var n = 0
        let per = d.cellWidth * d.cellHeight
        for range in d.codes.split(separator: ",") {
            let ends = range.split(separator: "-").compactMap { Int($0) }
            guard let lo = ends.first, let hi = ends.last, lo <= hi else { continue }
            for c in lo...hi {
                // A truncated atlas must not send reads past the end.
                if (n + 1) * per <= bytes.count {
                    if c < 256 { idx[c] = n } else { more[UInt32(c)] = n }
                }
                n += 1
            }
        }
        index = idx
        extra = more
    }

    /// Coverage rows of the glyph for `scalar`, `cellWidth` bytes each.
    func coverage(_ scalar: Unicode.Scalar) -> ArraySlice<UInt8> {
        var g = scalar.value < 256 ? index[Int(scalar.value)] : extra[scalar.value] ?? -1
        if g < 0 { g = index[Int(UInt8(ascii: "?"))] }
        let per = cellWidth * cellHeight
        guard g >= 0 else { return [] }
        return glyphs[g * per..<(g + 1) * per]
    }

    /// Width in pixels of `text` in this font.
    public func width(of text: String) -> Int { text.unicodeScalars.count * cellWidth }
}

struct FontAtlasData {
    let cellWidth: Int
    let cellHeight: Int
    let baseline: Int
    let codes: String
    let base64: String
}
