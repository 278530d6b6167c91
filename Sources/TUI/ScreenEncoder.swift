import TerminalGraphics

/// Brings the terminal from one `ScreenBuffer` to the next: only changed
/// cells are written, the cursor moves only where the next changed cell is
/// not where it already is, and an SGR sequence is sent only when the
/// colours or attributes change. The one place text becomes terminal bytes.
public struct ScreenEncoder: Sendable {
    /// 24-bit colour (SGR 38;2) for picture cells, else the 256-colour cube.
    public var truecolor: Bool
    /// The terminal has more than 8 colours (dim text is grey, not A_DIM).
    public var colors256: Bool

    /// Write ASCII only (no UTF-8 locale to be had): box drawing and
    /// punctuation become their ASCII look-alikes, half blocks a space in
    /// the lower colour, anything else `?`. Never a Latin-1 byte.
    public var asciiOnly = false

    public init(truecolor: Bool = true, colors256: Bool = true, asciiOnly: Bool = false) {
        self.truecolor = truecolor
        self.colors256 = colors256
        self.asciiOnly = asciiOnly
    }

    /// The ASCII stand-in for a character (itself when it is ASCII).
    public static func ascii(_ s: Unicode.Scalar) -> UInt32 {
        if s.value < 0x7F { return s.value }
        switch s {
        case "·", "•", "●", "◦", "∙": return 0x2E            // .
        case "─", "━", "═", "▁", "⎯", "–", "—": return 0x2D  // -
        case "│", "┃", "║", "▏", "▕", "▎", "▍": return 0x7C  // |
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼", "╭", "╮", "╯", "╰": return 0x2B // +
        case "▀", "▄", "▌", "▐", "░", "▒": return 0x20
        case "█", "▓": return 0x23                            // #
        case "…": return 0x2E
        case "×": return 0x78
        case "→", "▸", "▶", "›": return 0x3E
        case "←", "◂", "◀", "‹": return 0x3C
        case "↑", "▴", "▲": return 0x5E
        case "↓", "▾", "▼": return 0x76
        case "÷": return 0x2F
        case "≤", "≥", "≈", "±": return 0x7E
        default: return 0x3F                                  // ?
        }
    }

    /// What one encoding did.
    public struct Result: Equatable, Sendable {
        /// Cells written.
        public var cellsWritten = 0
        /// Some cell turned into a picture cell (the image must be drawn again).
        public var exposedImage = false
    }

    /// Appends the bytes that turn a terminal showing `old` into `new`. With
    /// no `old` (or another size), the screen is cleared and painted whole.
    @discardableResult
    public func encode(from old: ScreenBuffer?, to new: ScreenBuffer, into out: inout [UInt8]) -> Result {
        var result = Result()
        let base: ScreenBuffer
        if let old, old.width == new.width, old.height == new.height {
            base = old
        } else {
            out.append(contentsOf: Array("\u{1B}[0m\u{1B}[H\u{1B}[2J".utf8))
            base = ScreenBuffer(width: new.width, height: new.height)
            result.exposedImage = new.cells.contains { $0.style == .image }
        }
        var cursor: (x: Int, y: Int)? = nil
        var sgr: SGRState? = nil
        let w = new.width, h = new.height
        for y in 0..<h {
            var x = 0
            while x < w {
                let cell = new[x, y]
                let before = base[x, y]
                if cell == before || cell.scalar == ScreenBuffer.continuation {
                    x += 1
                    continue
                }
                if cell.style == .image {
                    if before.style != .image { result.exposedImage = true }
                    x += 1
                    continue
                }
                // The bottom-right cell would make some terminals scroll.
                if y == h - 1 && x == w - 1 { break }
                let wide = ScreenBuffer.displayWidth(cell.scalar) == 2 && x + 1 < w
                if cursor == nil || cursor! != (x, y) { out.appendCursorMove(row: y, col: x) }
                let state = SGRState(cell, encoder: self)
                var value = ScreenBuffer.displayWidth(cell.scalar) == 2 && !wide ? 0x20 : cell.scalar.value
                let ascii = asciiOnly && value >= 0x7F
                // (An upper half block as a space shows its lower colour, the background.)
                if ascii { value = Self.ascii(cell.scalar) }
                if sgr != state { state.append(into: &out); sgr = state }
                out.appendScalar(value)
                if ascii && wide { out.append(0x20) }  // the second column of a wide character
                result.cellsWritten += 1
                let advance = wide ? 2 : 1
                x += advance
                cursor = x < w ? (x, y) : nil
            }
        }
        if sgr != nil { out.append(contentsOf: Array("\u{1B}[0m".utf8)) }
        return result
    }

    /// Colours and attributes as one SGR sequence sets them.
    struct SGRState: Equatable {
        var bold = false, dim = false, reverse = false
        var fg: Color, bg: Color

        enum Color: Equatable { case none, indexed(Int), rgb(UInt32) }

        init(_ cell: ScreenBuffer.Cell, encoder: ScreenEncoder) {
            var fg = Color.none, bg = Color.none
            switch cell.style {
            case .normal, .value, .image: break
            case .dim: if encoder.colors256 { fg = .indexed(8) } else { dim = true }
            case .title: fg = .indexed(6); bold = true
            case .key: fg = .indexed(3); bold = true
            case .accent: fg = .indexed(5)
            case .warning: fg = .indexed(3)
            case .error: fg = .indexed(1); bold = true
            case .selected: fg = .indexed(2); bold = true
            case .inverse: reverse = true
            }
            if cell.fg != ScreenBuffer.Cell.styleColor { fg = encoder.color(cell.fg) }
            if cell.bg != ScreenBuffer.Cell.styleColor { bg = encoder.color(cell.bg) }
            self.fg = fg
            self.bg = bg
        }

        func append(into out: inout [UInt8]) {
            out.append(contentsOf: [0x1B, 0x5B, 0x30])  // ESC [ 0
            if bold { out.append(contentsOf: [0x3B, 0x31]) }
            if dim { out.append(contentsOf: [0x3B, 0x32]) }
            if reverse { out.append(contentsOf: [0x3B, 0x37]) }
            Self.append(fg, base: 30, into: &out)
            Self.append(bg, base: 40, into: &out)
            out.append(0x6D)
        }

        static func append(_ c: Color, base: Int, into out: inout [UInt8]) {
            switch c {
            case .none: return
            case .indexed(let i) where i < 8:
                out.append(0x3B); out.appendDecimal(base + i)
            case .indexed(let i) where i < 16:
                out.append(0x3B); out.appendDecimal(base + 60 + i - 8)
            case .indexed(let i):
                out.append(0x3B); out.appendDecimal(base + 8); out.append(contentsOf: [0x3B, 0x35, 0x3B]); out.appendDecimal(i)
            case .rgb(let v):
                out.append(0x3B); out.appendDecimal(base + 8); out.append(contentsOf: [0x3B, 0x32, 0x3B])
                out.appendDecimal(Int(v >> 16 & 0xFF)); out.append(0x3B)
                out.appendDecimal(Int(v >> 8 & 0xFF)); out.append(0x3B)
                out.appendDecimal(Int(v & 0xFF))
            }
        }
    }

    func color(_ rgb: UInt32) -> SGRState.Color {
        truecolor ? .rgb(rgb & 0xFF_FFFF) : .indexed(Self.ansi256(rgb))
    }

    /// The nearest entry of xterm's 6×6×6 cube or grey ramp.
    static func ansi256(_ rgb: UInt32) -> Int {
        let r = Int(rgb >> 16 & 0xFF), g = Int(rgb >> 8 & 0xFF), b = Int(rgb & 0xFF)
        func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : min(5, (v - 35) / 40) }
        let levels = [0, 95, 135, 175, 215, 255]
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let cubeError = sq(levels[lr] - r) + sq(levels[lg] - g) + sq(levels[lb] - b)
        let mean = (r + g + b) / 3
        let step = max(0, min(23, (mean - 3) / 10))
        let grey = 8 + 10 * step
        let greyError = sq(grey - r) + sq(grey - g) + sq(grey - b)
        return cubeError <= greyError ? cube : 232 + step
    }

    private static func sq(_ v: Int) -> Int { v * v }
}
