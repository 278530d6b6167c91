/// Maps RGBA pixels to palette indices: exact for palette colours, nearest
/// for anything else.
///
/// A 32×32×32 lookup table holds the nearest colour to each cube cell's
/// centre. A pixel that is exactly its cell's colour is done in one lookup;
/// cells holding two or more palette colours are marked, and a pixel in
/// such a cell that is not exactly the table's colour gets a full search,
/// so every palette colour maps to itself. Other off-palette pixels get
/// the cell's colour, at most a cell's half-diagonal (≈ 7 levels) from the
/// true nearest.
public final class PaletteIndexer: Sendable {
    /// The palette indices refer to.
    public let palette: Palette
    private let table: [UInt8]
    private let ambiguous: [Bool]
    private let hasAmbiguousCells: Bool

    public init(_ palette: Palette) {
        self.palette = palette
        let colors = palette.colors
        var table = [UInt8](repeating: 0, count: 32768)
        var members = [UInt8](repeating: 0, count: 32768)
        var ambiguous = [Bool](repeating: false, count: 32768)
        for c in colors {
            let cell = PaletteIndexer.cell(c.r, c.g, c.b)
            members[cell] &+= 1
            if members[cell] > 1 { ambiguous[cell] = true }
        }
        for cell in 0..<32768 {
            let centre = RGB(UInt8((cell >> 10) << 3 | 4), UInt8(((cell >> 5) & 31) << 3 | 4),
                             UInt8((cell & 31) << 3 | 4))
            table[cell] = UInt8(PaletteIndexer.nearest(centre, in: colors))
        }
        // A palette colour owns its own cell (first one wins when shared).
        for (i, c) in colors.enumerated().reversed() { table[PaletteIndexer.cell(c.r, c.g, c.b)] = UInt8(i) }
        self.table = table
        self.ambiguous = ambiguous
        self.hasAmbiguousCells = ambiguous.contains(true)
    }

    @inline(__always)
    static func cell(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)
    }

    static func nearest(_ c: RGB, in colors: [RGB]) -> Int {
        var best = 0, bestD = Int.max
        for (i, p) in colors.enumerated() {
            let d = c.distanceSquared(p)
            if d < bestD { bestD = d; best = i }
        }
        return best
    }

    /// The palette index for one colour.
    @inlinable
    public func index(of c: RGB) -> UInt8 { index(c.r, c.g, c.b) }

    @usableFromInline
    func index(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let cell = PaletteIndexer.cell(r, g, b)
        let i = table[cell]
        if ambiguous[cell] {
            let p = palette.colors[Int(i)]
            if p.r != r || p.g != g || p.b != b {
                return UInt8(PaletteIndexer.nearest(RGB(r, g, b), in: palette.colors))
            }
        }
        return i
    }

    /// Maps rows `rows` of `image` to indices at `indices[y * width + x]` and
    /// marks each index met in `used` (256 flags). Runs of one colour (most of
    /// a graph frame) cost one comparison per pixel.
    public func map(_ image: RGBAImage, rows: Range<Int>, into indices: UnsafeMutablePointer<UInt8>,
                    used: UnsafeMutablePointer<Bool>) {
        let w = image.width
        let anyAmbiguous = hasAmbiguousCells
        table.withUnsafeBufferPointer { lutBuffer in
        ambiguous.withUnsafeBufferPointer { ambiguousBuffer in
            image.pixels.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, let lut = lutBuffer.baseAddress,
                      let ambiguous = ambiguousBuffer.baseAddress else { return }
                // One table load a pixel and no data-dependent branch: graph frames change
                // colour every few pixels, and mispredicted branches cost more than the load.
                for y in rows {
                    let row = base + y * image.stride
                    let out = indices + y * w
                    for x in 0..<w {
                        let px = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                        let cell = Int((px >> 3) & 31) << 10 | Int((px >> 11) & 31) << 5 | Int((px >> 19) & 31)
                        var i = lut[cell]
                        if anyAmbiguous && ambiguous[cell] {
                            i = index(UInt8(truncatingIfNeeded: px), UInt8(truncatingIfNeeded: px >> 8),
                                      UInt8(truncatingIfNeeded: px >> 16))
                        }
                        out[x] = i
                        used[Int(i)] = true
                    }
                }
            }
        }
        }
    }
}
