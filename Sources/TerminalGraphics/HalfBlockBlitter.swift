/// Two pixels a cell, one above the other: `▀` in the top pixel's colour on
/// the bottom pixel's colour; a space when both are equal.
public struct HalfBlockBlitter: CellBlitter {
    public let pixelsPerCell = (width: 1, height: 2)
    private var differ: CellDiffer

    public init(depth: ColorDepth = .truecolor) { differ = CellDiffer(depth: depth) }

    public mutating func invalidate() { differ.invalidate() }

    static func cells(_ image: RGBAImage, depth: ColorDepth) -> (columns: Int, rows: Int, cells: [Cell]) {
        let columns = image.width, rows = image.height / 2
        var cells = [Cell](repeating: Cell(glyph: 0x20, fg: 0, bg: 0), count: columns * rows)
        for r in 0..<rows {
            for c in 0..<columns {
                let top = depth.code(image.rgb(x: c, y: 2 * r))
                let bottom = depth.code(image.rgb(x: c, y: 2 * r + 1))
                cells[r * columns + c] = top == bottom
                    ? Cell(glyph: 0x20, fg: bottom, bg: bottom)
                    : Cell(glyph: 0x2580, fg: top, bg: bottom)
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
}
