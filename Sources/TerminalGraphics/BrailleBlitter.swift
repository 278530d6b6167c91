/// Eight pixels a cell (2 wide, 4 high) as a braille pattern: the cell's most
/// common colour is the background, pixels of other colours are dots drawn in
/// the most common of those colours. Thin lines and small discs stay visible
/// at four times the half-block resolution.
public struct BrailleBlitter: CellBlitter {
    public let pixelsPerCell = (width: 2, height: 4)
    private var differ: CellDiffer

    /// Dot bits of U+2800 for pixel (x, y) in the cell, by y * 2 + x.
    static let dotBits: [UInt32] = [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80]

    public init(depth: ColorDepth = .truecolor) { differ = CellDiffer(depth: depth) }

    public mutating func invalidate() { differ.invalidate() }

    static func cells(_ image: RGBAImage, depth: ColorDepth) -> (columns: Int, rows: Int, cells: [Cell]) {
        let columns = image.width / 2, rows = image.height / 4
        var cells = [Cell](repeating: Cell(glyph: 0x20, fg: 0, bg: 0), count: columns * rows)
        var px = [RGB](repeating: RGB(0, 0, 0), count: 8)
        for r in 0..<rows {
            for c in 0..<columns {
                for k in 0..<8 { px[k] = image.rgb(x: 2 * c + (k & 1), y: 4 * r + (k >> 1)) }
                let bg = BrailleBlitter.mostCommon(px) { _ in true }
                let fg = BrailleBlitter.mostCommon(px) { $0 != bg }
                var bits: UInt32 = 0
                if fg != nil {
                    for k in 0..<8 where px[k] != bg { bits |= BrailleBlitter.dotBits[k] }
                }
                let bgCode = depth.code(bg ?? RGB(0, 0, 0))
                cells[r * columns + c] = bits == 0
                    ? Cell(glyph: 0x20, fg: bgCode, bg: bgCode)
                    : Cell(glyph: 0x2800 | bits, fg: depth.code(fg ?? RGB(0, 0, 0)), bg: bgCode)
            }
        }
        return (columns, rows, cells)
    }

    public mutating func blit(_ image: RGBAImage, origin: CellPoint, into out: inout [UInt8]) {
        let (columns, rows, cells) = Self.cells(image, depth: differ.depth)
        differ.emit(cells, columns: columns, rows: rows, origin: origin, into: &out)
    }

    /// The picture as cells (colours 0xRRGGBB), for a screen buffer that composes and diffs it.
    public static func grid(_ image: RGBAImage) -> CellGrid {
        let (columns, rows, cells) = Self.cells(image, depth: .truecolor)
        return CellGrid(columns: columns, rows: rows, cells: cells)
    }

    /// The most frequent colour among those passing `include` (first met wins ties).
    static func mostCommon(_ px: [RGB], where include: (RGB) -> Bool) -> RGB? {
        var best: RGB? = nil, bestCount = 0
        for i in 0..<px.count where include(px[i]) {
            var n = 0
            for j in 0..<px.count where px[j] == px[i] { n += 1 }
            if n > bestCount { bestCount = n; best = px[i] }
        }
        return best
    }
}
