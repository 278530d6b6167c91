/// Draws an RGBA image with text cells: each cell covers a small block of
/// pixels and shows it as a glyph with a foreground and a background colour.
/// A blitter remembers the previous frame and sends only changed cells.
public protocol CellBlitter {
    /// Pixels one cell stands for (width, height).
    var pixelsPerCell: (width: Int, height: Int) { get }
    /// Appends the escape sequences that bring the cell rectangle at `origin`
    /// (0-based row, column) from the previous frame to `image`. The
    /// rectangle is image.width / pixelsPerCell.width columns by
    /// image.height / pixelsPerCell.height rows. Ends with SGR 0.
    mutating func blit(_ image: RGBAImage, origin: CellPoint, into out: inout [UInt8])
    /// Forgets the previous frame (after a resize, a clear, a popup): the next
    /// blit repaints every cell.
    mutating func invalidate()
}

/// A picture as text cells: per cell a glyph (Unicode scalar) and the
/// foreground and background as 0xRRGGBB, row by row. What a screen buffer
/// takes as its picture layer.
public struct CellGrid: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    public var glyphs: [UInt32]
    public var fg: [UInt32]
    public var bg: [UInt32]

    init(columns: Int, rows: Int, cells: [Cell]) {
        self.columns = columns
        self.rows = rows
        glyphs = cells.map(\.glyph)
        fg = cells.map(\.fg)
        bg = cells.map(\.bg)
    }
}

/// A 0-based cell position.
public struct CellPoint: Equatable, Sendable {
    public var row: Int
    public var column: Int
    public init(row: Int, column: Int) { self.row = row; self.column = column }
}

/// How many colours cell output may use.
public enum ColorDepth: Sendable, Equatable {
    /// 24-bit SGR 38;2 / 48;2.
    case truecolor
    /// The xterm 256-colour palette, SGR 38;5 / 48;5 (nearest of the 6×6×6 cube and the grey ramp).
    case ansi256

    /// A colour as this depth sends it: packed 0xRRGGBB, or a 256-colour index.
    @inlinable
    func code(_ c: RGB) -> UInt32 {
        switch self {
        case .truecolor: return UInt32(c.r) << 16 | UInt32(c.g) << 8 | UInt32(c.b)
        case .ansi256: return UInt32(Ansi256.index(of: c))
        }
    }
}

/// One text cell as a blitter emits it.
struct Cell: Equatable {
    var glyph: UInt32
    var fg: UInt32
    var bg: UInt32
}

/// The diff and the emission shared by the blitters: only changed cells,
/// cursor moves only where the next changed cell is not where the cursor is,
/// colour escapes only when a colour changes.
struct CellDiffer {
    var depth: ColorDepth
    private var previous: [Cell] = []
    private var shape = (columns: 0, rows: 0, origin: CellPoint(row: -1, column: -1))

    init(depth: ColorDepth) { self.depth = depth }

    mutating func invalidate() { previous = [] }

    mutating func emit(_ cells: [Cell], columns: Int, rows: Int, origin: CellPoint, into out: inout [UInt8]) {
        let sameShape = shape.columns == columns && shape.rows == rows && shape.origin == origin
            && previous.count == cells.count
        var cursor: (row: Int, column: Int)? = nil
        var fg: UInt32? = nil, bg: UInt32? = nil
        var wrote = false
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                let cell = cells[i]
                if sameShape && previous[i] == cell { continue }
                let row = origin.row + r, column = origin.column + c
                if cursor == nil || cursor! != (row, column) { out.appendCursorMove(row: row, col: column) }
                let needFg = cell.glyph != 0x20 && fg != cell.fg
                let needBg = bg != cell.bg
                if needFg || needBg {
                    out.append(contentsOf: [0x1B, 0x5B])
                    if needFg { appendColor(cell.fg, base: 38, into: &out); fg = cell.fg }
                    if needFg && needBg { out.append(0x3B) }
                    if needBg { appendColor(cell.bg, base: 48, into: &out); bg = cell.bg }
                    out.append(0x6D)
                }
                out.appendScalar(cell.glyph)
                cursor = (row, column + 1)
                wrote = true
            }
        }
        if wrote { out.append(contentsOf: TerminalSequences.resetAttributes) }
        previous = cells
        shape = (columns, rows, origin)
    }

    private func appendColor(_ code: UInt32, base: Int, into out: inout [UInt8]) {
        out.appendDecimal(base)
        switch depth {
        case .truecolor:
            out.append(contentsOf: [0x3B, 0x32, 0x3B])
            out.appendDecimal(Int(code >> 16)); out.append(0x3B)
            out.appendDecimal(Int((code >> 8) & 0xFF)); out.append(0x3B)
            out.appendDecimal(Int(code & 0xFF))
        case .ansi256:
            out.append(contentsOf: [0x3B, 0x35, 0x3B])
            out.appendDecimal(Int(code))
        }
    }
}

/// The xterm 256-colour palette: 16 system colours (not used: themes vary),
/// a 6×6×6 cube from 16 and a 24-step grey ramp from 232.
public enum Ansi256 {
    static let levels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The RGB value of a cube or grey index (16…255).
    public static func color(_ index: UInt8) -> RGB {
        let i = Int(index)
        if i >= 232 { let v = UInt8(8 + 10 * (i - 232)); return RGB(v, v, v) }
        let k = max(0, i - 16)
        return RGB(UInt8(levels[k / 36]), UInt8(levels[(k / 6) % 6]), UInt8(levels[k % 6]))
    }

    /// The nearest cube or grey entry to `c`.
    public static func index(of c: RGB) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            let v = Int(v)
            if v < 48 { return 0 }
            if v < 115 { return 1 }
            return min(5, (v - 35) / 40)
        }
        let cube = UInt8(16 + 36 * level(c.r) + 6 * level(c.g) + level(c.b))
        let mean = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let greyStep = max(0, min(23, (mean - 3) / 10))
        let grey = UInt8(232 + greyStep)
        return c.distanceSquared(color(cube)) <= c.distanceSquared(color(grey)) ? cube : grey
    }
}
