/// What the text side of the screen should show: a grid of cells that views
/// draw into. Only the backend talks to ncurses, so every view can be tested
/// by reading a `ScreenBuffer` (ratatui's idea).
public struct ScreenBuffer: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var char: Character
        public var style: Style
        public init(_ char: Character = " ", _ style: Style = .normal) {
            self.char = char
            self.style = style
        }
    }

    /// The few text styles the panels use; the backend maps them to colour pairs.
    public enum Style: UInt8, Sendable, CaseIterable {
        case normal, dim, title, key, value, accent, warning, error, selected, inverse
    }

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

    public mutating func clear(_ rect: Rect? = nil) {
        let r = rect ?? Rect(x: 0, y: 0, width: width, height: height)
        for y in r.y..<min(r.maxY, height) where y >= 0 {
            for x in r.x..<min(r.maxX, width) where x >= 0 { cells[y * width + x] = Cell() }
        }
    }

    /// Writes text from (x, y), clipped to `clip` (default: the whole row);
    /// returns the column after the last character written.
    @discardableResult
    public mutating func text(_ s: String, x: Int, y: Int, style: Style = .normal, clip: Rect? = nil) -> Int {
        let limit = clip.map { min($0.maxX, width) } ?? width
        guard y >= 0, y < height, clip.map({ y >= $0.y && y < $0.maxY }) ?? true else { return x }
        var cx = x
        for ch in s {
            if cx >= limit { break }
            if ch == "\n" { break }
            if cx >= 0 { cells[y * width + cx] = Cell(ch, style) }
            cx += 1
        }
        return cx
    }

    /// Text cut to `width` columns with an ellipsis when it does not fit.
    public static func fit(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if s.count <= width { return s }
        return String(s.prefix(width - 1)) + "…"
    }

    /// A box-drawing frame around `r` with an optional title.
    public mutating func frame(_ r: Rect, title: String? = nil, style: Style = .dim) {
        guard r.width >= 2, r.height >= 2 else { return }
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

    /// All text of row y, for tests and debugging.
    public func row(_ y: Int) -> String {
        String(cells[(y * width)..<((y + 1) * width)].map(\.char))
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
}
