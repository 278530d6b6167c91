/// The whole screen as the explorer wants it: a grid of cells that views
/// draw into, layer over layer (the cell picture, labels over it, the panel,
/// overlays last, each hiding what is beneath). `ScreenEncoder` turns the
/// difference between two buffers into terminal bytes, so every view can be
/// tested by reading a buffer (ratatui's idea).
public struct ScreenBuffer: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// The character; `ScreenBuffer.continuation` for the right half of a wide one.
        public var scalar: Unicode.Scalar
        public var style: Style
        /// 0xRRGGBB overriding the style's colour, or `Cell.styleColor`.
        public var fg: UInt32
        public var bg: UInt32

        public static let styleColor: UInt32 = 0xFF00_0000

        public init(_ scalar: Unicode.Scalar = " ", _ style: Style = .normal, fg: UInt32 = Cell.styleColor,
                    bg: UInt32 = Cell.styleColor) {
            self.scalar = scalar
            self.style = style
            self.fg = fg
            self.bg = bg
        }

        public init(_ char: Character, _ style: Style = .normal) {
            self.init(char.unicodeScalars.first ?? " ", style)
        }

        /// The character as a `Character`.
        public var char: Character { Character(scalar) }

        /// A cell of the pixel picture (sixel or kitty): the writer leaves it to the image.
        public static let image = Cell(" ", .image)
    }

    /// The text styles; the encoder maps them to colours and attributes.
    /// `.image` marks cells that belong to a pixel picture.
    public enum Style: UInt8, Sendable, CaseIterable {
        case normal, dim, title, key, value, accent, warning, error, selected, inverse, image
    }

    /// Marks the right half of a double-width character.
    public static let continuation: Unicode.Scalar = "\u{0}"

    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Fills `rect` (default: everything) with `cell`.
    public mutating func fill(_ rect: Rect? = nil, with cell: Cell = Cell()) {
        let r = rect ?? Rect(x: 0, y: 0, width: width, height: height)
        for y in max(r.y, 0)..<min(r.maxY, height) {
            for x in max(r.x, 0)..<min(r.maxX, width) { cells[y * width + x] = cell }
        }
        repairWideCharacters(rows: max(r.y, 0)..<min(r.maxY, height), at: [r.x, r.maxX])
    }

    public mutating func clear(_ rect: Rect? = nil) { fill(rect) }

    /// Writes text from (x, y), clipped to `clip` (default: the whole row);
    /// returns the column after the last character written. Control
    /// characters from the input (a label with ESC in it) are shown as "?",
    /// zero-width ones dropped, wide ones take two cells. `fg`/`bg`
    /// override the style's colours (0xRRGGBB).
    @discardableResult
    public mutating func text(_ s: String, x: Int, y: Int, style: Style = .normal, clip: Rect? = nil,
                              fg: UInt32 = Cell.styleColor, bg: UInt32 = Cell.styleColor) -> Int {
        let lower = clip.map { max($0.x, 0) } ?? 0
        let limit = clip.map { min($0.maxX, width) } ?? width
        guard y >= 0, y < height, clip.map({ y >= $0.y && y < $0.maxY }) ?? true else { return x }
        var cx = x
        for scalar in s.unicodeScalars {
            if scalar == "\n" { break }
            let w = Self.displayWidth(scalar)
            if w == 0 { continue }
            if cx + w > limit { break }
            if cx >= lower {
                let shown: Unicode.Scalar = w < 0 ? "?" : scalar
                cells[y * width + cx] = Cell(shown, style, fg: fg, bg: bg)
                if w == 2 { cells[y * width + cx + 1] = Cell(Self.continuation, style, fg: fg, bg: bg) }
            }
            cx += max(w, 1)
        }
        repairWideCharacters(rows: y..<(y + 1), at: [x, cx])
        return cx
    }

    /// After an overwrite that starts or ends inside a wide character, the
    /// half left behind becomes a space (a terminal would do the same).
    private mutating func repairWideCharacters(rows: Range<Int>, at columns: [Int]) {
        for y in rows {
            for c in columns where c > 0 && c < width {
                let left = y * width + c - 1, right = y * width + c
                let leftWide = cells[left].scalar != Self.continuation && Self.displayWidth(cells[left].scalar) == 2
                if leftWide && cells[right].scalar != Self.continuation { cells[left].scalar = " " }
                if cells[right].scalar == Self.continuation && !leftWide { cells[right].scalar = " " }
            }
            if width > 0, cells[y * width].scalar == Self.continuation { cells[y * width].scalar = " " }
        }
    }

    /// Columns a scalar takes on a terminal: 0 (combining, zero-width), 1,
    /// 2 (East Asian wide, emoji), or -1 for a control character that must
    /// never reach the terminal.
    public static func displayWidth(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return -1 }
        if v < 0x300 { return 1 }
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
             0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064,
             0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF, 0xE0000...0xE0FFF:
            return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        case 0xD800...0xDFFF:
            return -1
        default:
            return 1
        }
    }

    /// Columns `s` takes.
    public static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + max(displayWidth($1), $1.value < 0x20 ? 1 : 0) }
    }

    /// Text cut to `width` columns with an ellipsis when it does not fit.
    public static func fit(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if displayWidth(s) <= width { return s }
        var out = "", used = 0
        for scalar in s.unicodeScalars {
            let w = max(displayWidth(scalar), scalar.value < 0x20 ? 1 : 0)
            if used + w > width - 1 { break }
            out.unicodeScalars.append(scalar)
            used += w
        }
        return out + "…"
    }

    /// A box-drawing frame around `r` with an optional title; the inside is cleared.
    public mutating func frame(_ r: Rect, title: String? = nil, style: Style = .dim) {
        guard r.width >= 2, r.height >= 2 else { return }
        fill(r)
        for x in (r.x + 1)..<(r.maxX - 1) {
            self[x, r.y] = Cell("─", style)
            self[x, r.maxY - 1] = Cell("─", style)
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            self[r.x, y] = Cell("│", style)
            self[r.maxX - 1, y] = Cell("│", style)
        }
        self[r.x, r.y] = Cell("╭", style)
        self[r.maxX - 1, r.y] = Cell("╮", style)
        self[r.x, r.maxY - 1] = Cell("╰", style)
        self[r.maxX - 1, r.maxY - 1] = Cell("╯", style)
        if let title, r.width > 4 {
            text(" " + ScreenBuffer.fit(title, r.width - 4) + " ", x: r.x + 1, y: r.y, style: .title)
        }
    }

    /// All text of row y (wide characters once), for tests and debugging.
    public func row(_ y: Int) -> String {
        var s = ""
        for c in cells[(y * width)..<((y + 1) * width)] where c.scalar != Self.continuation {
            s.unicodeScalars.append(c.scalar)
        }
        return s
    }

    /// The whole screen as lines of text.
    public var lines: [String] { (0..<height).map(row) }
}

/// A rectangle of cells.
public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(width, 0); self.height = max(height, 0)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public func inset(_ d: Int) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
    public func contains(_ px: Int, _ py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
    public func intersects(_ o: Rect) -> Bool { x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY }
}
