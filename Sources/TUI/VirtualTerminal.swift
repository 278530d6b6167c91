/// An in-memory terminal: applies the bytes the explorer writes (cursor
/// moves, SGR colours, clears, UTF-8 text, sixel and kitty images) to a grid
/// of cells, as a terminal would. The explorer's screen test backend:
/// behaviour tests read what a person would see without tmux or xterm, and
/// the screen encoder is checked against it.
public struct VirtualTerminal: Sendable {
    public struct Cell: Equatable, Sendable {
        public var scalar: Unicode.Scalar = " "
        var sgr = ScreenEncoder.SGRState(ScreenBuffer.Cell(), encoder: ScreenEncoder())
        /// Pixels of image `image` cover this cell.
        public var image: Int? = nil
    }

    /// A picture drawn at a cell (sixel or kitty).
    public struct Placement: Equatable, Sendable {
        public enum Kind: Sendable, Equatable { case sixel, kitty }
        public var kind: Kind
        public var row: Int, column: Int
        public var rows: Int, columns: Int
        public var bytes: Int
    }

    public let width: Int
    public let height: Int
    public let cellSize: (width: Int, height: Int)
    public private(set) var cells: [Cell]
    public private(set) var placements: [Placement] = []
    /// Bytes that were not understood (a garbled stream shows up here).
    public private(set) var unknownSequences = 0
    /// Primary device attributes queries (`ESC [ c`) seen: each one a terminal must answer.
    public private(set) var deviceAttributeQueries = 0
    /// Invalid UTF-8 seen (what would show as U+FFFD).
    public private(set) var replacementCharacters = 0
    private var cursor = (x: 0, y: 0)
    private var sgr = ScreenEncoder.SGRState(ScreenBuffer.Cell(), encoder: ScreenEncoder())
    private var pending: [UInt8] = []

    public init(width: Int, height: Int, cellSize: (width: Int, height: Int) = (10, 20)) {
        self.width = width
        self.height = height
        self.cellSize = cellSize
        cells = Array(repeating: Cell(), count: width * height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// The text of row y (a picture cell reads as a space).
    public func row(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where cells[y * width + x].scalar != ScreenBuffer.continuation {
            s.unicodeScalars.append(cells[y * width + x].scalar)
        }
        return s
    }

    public var lines: [String] { (0..<height).map(row) }
    public var text: String { lines.joined(separator: "\n") }

    /// True when cell (x, y) shows `cell` of a buffer as the encoder meant it.
    public func shows(_ cell: ScreenBuffer.Cell, at x: Int, _ y: Int, encoder: ScreenEncoder = ScreenEncoder()) -> Bool {
        let c = self[x, y]
        return c.scalar == cell.scalar && c.sgr == ScreenEncoder.SGRState(cell, encoder: encoder) && c.image == nil
    }

    /// Cells whose foreground or background is an explicit 24-bit colour (picture cells).
    public func hasColouredCell(at x: Int, _ y: Int) -> Bool {
        let c = self[x, y]
        if case .rgb = c.sgr.bg { return true }
        if case .rgb = c.sgr.fg { return true }
        return false
    }

    public mutating func apply(_ bytes: [UInt8]) {
        let b = pending + bytes
        pending = []
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x1B {
                guard i + 1 < b.count else { pending = Array(b[i...]); return }
                let n = b[i + 1]
                if n == UInt8(ascii: "[") {
                    guard let end = (i + 2..<b.count).first(where: { b[$0] >= 0x40 && b[$0] <= 0x7E }) else {
                        pending = Array(b[i...]); return
                    }
                    csi(Array(b[(i + 2)..<end]), final: b[end])
                    i = end + 1
                } else if n == UInt8(ascii: "P") || n == UInt8(ascii: "_") {
                    guard let st = (i + 2..<(b.count - 1)).first(where: { b[$0] == 0x1B && b[$0 + 1] == UInt8(ascii: "\\") }) else {
                        pending = Array(b[i...]); return
                    }
                    stringSequence(Array(b[(i + 2)..<st]), kind: n == UInt8(ascii: "P") ? .sixel : .kitty)
                    i = st + 2
                } else {
                    i += 2  // ESC = / ESC > keypad modes and the like
                }
                continue
            }
            if c == 0x0D { cursor.x = 0; i += 1; continue }
            if c == 0x0A { cursor.y = min(cursor.y + 1, height - 1); i += 1; continue }
            if c < 0x20 || c == 0x7F { i += 1; continue }
            // UTF-8
            var length = 1, value = UInt32(c)
            if c >= 0xF0 { length = 4; value = UInt32(c & 0x07) } else if c >= 0xE0 { length = 3; value = UInt32(c & 0x0F) }
            else if c >= 0xC0 { length = 2; value = UInt32(c & 0x1F) } else if c >= 0x80 { replacementCharacters += 1; put("\u{FFFD}"); i += 1; continue }
            guard i + length <= b.count else { pending = Array(b[i...]); return }
            var valid = true
            for k in 1..<length {
                if b[i + k] & 0xC0 != 0x80 { valid = false; break }
                value = value << 6 | UInt32(b[i + k] & 0x3F)
            }
            if !valid { replacementCharacters += 1; put("\u{FFFD}"); i += 1; continue }
            put(Unicode.Scalar(value) ?? "\u{FFFD}")
            i += length
        }
    }

    private mutating func put(_ s: Unicode.Scalar) {
        guard cursor.y < height, cursor.x < width else { return }
        let w = max(ScreenBuffer.displayWidth(s), 1)
        cells[cursor.y * width + cursor.x] = Cell(scalar: s, sgr: sgr, image: nil)
        if w == 2 && cursor.x + 1 < width {
            cells[cursor.y * width + cursor.x + 1] = Cell(scalar: ScreenBuffer.continuation, sgr: sgr, image: nil)
        }
        cursor.x = min(cursor.x + w, width - 1)
    }

    private mutating func csi(_ body: [UInt8], final: UInt8) {
        let text = String(decoding: body, as: UTF8.self)
        if text.hasPrefix("?") || text.hasPrefix(">") || text.hasPrefix("<") || text.hasPrefix("=") { return }
        let params = text.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let p = { (k: Int, d: Int) -> Int in k < params.count ? (params[k] ?? d) : d }
        switch final {
        case UInt8(ascii: "H"), UInt8(ascii: "f"):
            cursor = (min(max(p(1, 1) - 1, 0), width - 1), min(max(p(0, 1) - 1, 0), height - 1))
        case UInt8(ascii: "J"):
            if p(0, 0) == 2 { cells = Array(repeating: Cell(scalar: " ", sgr: sgr, image: nil), count: width * height) }
        case UInt8(ascii: "K"):
            for x in cursor.x..<width { cells[cursor.y * width + x] = Cell(scalar: " ", sgr: sgr, image: nil) }
        case UInt8(ascii: "X"):
            for x in cursor.x..<min(width, cursor.x + p(0, 1)) { cells[cursor.y * width + x] = Cell(scalar: " ", sgr: sgr, image: nil) }
        case UInt8(ascii: "m"):
            applySGR(params.map { $0 ?? 0 })
        case UInt8(ascii: "c") where text.isEmpty || text == "0":
            deviceAttributeQueries += 1  // DA1: the explorer's flow-control probe
        case UInt8(ascii: "n"), UInt8(ascii: "c"), UInt8(ascii: "t"), UInt8(ascii: "q"):
            break  // queries: the terminal would answer, nothing on screen
        default:
            unknownSequences += 1
        }
    }

    private mutating func applySGR(_ p: [Int]) {
        var i = 0
        let codes = p.isEmpty ? [0] : p
        while i < codes.count {
            let c = codes[i]
            switch c {
            case 0: sgr = ScreenEncoder.SGRState(ScreenBuffer.Cell(), encoder: ScreenEncoder())
            case 1: sgr.bold = true
            case 2: sgr.dim = true
            case 7: sgr.reverse = true
            case 30...37: sgr.fg = .indexed(c - 30)
            case 40...47: sgr.bg = .indexed(c - 40)
            case 90...97: sgr.fg = .indexed(c - 90 + 8)
            case 100...107: sgr.bg = .indexed(c - 100 + 8)
            case 39: sgr.fg = .none
            case 49: sgr.bg = .none
            case 38, 48:
                var color: ScreenEncoder.SGRState.Color = .none
                if i + 2 < codes.count, codes[i + 1] == 5 { color = .indexed(codes[i + 2]); i += 2 }
                else if i + 4 < codes.count, codes[i + 1] == 2 {
                    color = .rgb(UInt32(codes[i + 2]) << 16 | UInt32(codes[i + 3]) << 8 | UInt32(codes[i + 4])); i += 4
                }
                if c == 38 { sgr.fg = color } else { sgr.bg = color }
            default: break
            }
            i += 1
        }
    }

    private mutating func stringSequence(_ body: [UInt8], kind: Placement.Kind) {
        var columns = 0, rows = 0
        switch kind {
        case .sixel:
            // Raster attributes: " Pan ; Pad ; Ph ; Pv
            if let q = body.firstIndex(of: UInt8(ascii: "\"")) {
                let rest = body[(q + 1)...].prefix { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x3B }
                let v = String(decoding: rest, as: UTF8.self).split(separator: ";").compactMap { Int($0) }
                if v.count >= 4 {
                    columns = (v[2] + cellSize.width - 1) / cellSize.width
                    rows = (v[3] + cellSize.height - 1) / cellSize.height
                }
            }
        case .kitty:
            // Only the first chunk of a transmission places the image (a=T or a=p).
            let head = String(decoding: body.prefix { $0 != 0x3B }, as: UTF8.self)
            guard head.contains("a=T") || head.contains("a=p") else { return }
            for kv in head.dropFirst().split(separator: ",") {
                let parts = kv.split(separator: "=")
                guard parts.count == 2, let v = Int(parts[1]) else { continue }
                if parts[0] == "c" { columns = v }
                if parts[0] == "r" { rows = v }
            }
        }
        let index = placements.count
        placements.append(Placement(kind: kind, row: cursor.y, column: cursor.x, rows: rows, columns: columns, bytes: body.count))
        for y in cursor.y..<min(height, cursor.y + rows) {
            for x in cursor.x..<min(width, cursor.x + columns) {
                cells[y * width + x] = Cell(scalar: " ", sgr: sgr, image: index)
            }
        }
    }
}
