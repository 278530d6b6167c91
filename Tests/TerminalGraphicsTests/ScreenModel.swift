@testable import TerminalGraphics

/// A tiny terminal for the blitter tests: it understands cursor moves
/// (CSI r;c H), SGR 0 / 38;2 / 48;2 / 38;5 / 48;5, and UTF-8 text, and keeps
/// each cell's glyph and colours. Anything else fails the parse.
struct ScreenModel {
    struct Cell: Equatable {
        var glyph: UInt32 = 0x20
        var fg: RGB? = nil
        var bg: RGB? = nil
    }
    var rows: Int, columns: Int
    var cells: [Cell]
    var cursor = (row: 0, column: 0)
    var fg: RGB? = nil, bg: RGB? = nil
    /// Glyphs written by the last `feed`.
    var written = 0

    init(rows: Int, columns: Int) {
        self.rows = rows; self.columns = columns
        cells = [Cell](repeating: Cell(), count: rows * columns)
    }

    subscript(row: Int, column: Int) -> Cell { cells[row * columns + column] }

    mutating func feed(_ bytes: [UInt8]) throws {
        written = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x1B {
                guard i + 1 < bytes.count, bytes[i + 1] == 0x5B else { throw TerminalGraphicsError("ESC without [") }
                var j = i + 2
                while j < bytes.count && !(0x40...0x7E).contains(bytes[j]) { j += 1 }
                guard j < bytes.count else { throw TerminalGraphicsError("unterminated CSI") }
                let params = String(decoding: bytes[(i + 2)..<j], as: UTF8.self).split(separator: ";").map { Int($0) ?? -1 }
                switch bytes[j] {
                case 0x48: cursor = (params[0] - 1, params[1] - 1)
                case 0x6D: try sgr(params)
                default: throw TerminalGraphicsError("unexpected CSI final \(bytes[j])")
                }
                i = j + 1
                continue
            }
            let (scalar, length) = try decodeUTF8(bytes, i)
            guard cursor.row >= 0, cursor.row < rows, cursor.column >= 0, cursor.column < columns else {
                throw TerminalGraphicsError("write outside the screen at \(cursor)")
            }
            cells[cursor.row * columns + cursor.column] = Cell(glyph: scalar, fg: scalar == 0x20 ? nil : fg, bg: bg)
            cursor.column += 1
            written += 1
            i += length
        }
    }

    private mutating func sgr(_ p: [Int]) throws {
        var k = 0
        while k < p.count {
            switch p[k] {
            case 0: fg = nil; bg = nil; k += 1
            case 38, 48:
                let target = p[k]
                guard k + 2 < p.count else { throw TerminalGraphicsError("short colour SGR") }
                let color: RGB
                if p[k + 1] == 2 { color = RGB(UInt8(p[k + 2]), UInt8(p[k + 3]), UInt8(p[k + 4])); k += 5 }
                else if p[k + 1] == 5 { color = Ansi256.color(UInt8(p[k + 2])); k += 3 }
                else { throw TerminalGraphicsError("bad colour SGR") }
                if target == 38 { fg = color } else { bg = color }
            default: throw TerminalGraphicsError("unexpected SGR \(p[k])")
            }
        }
    }

    private func decodeUTF8(_ b: [UInt8], _ i: Int) throws -> (UInt32, Int) {
        let c = b[i]
        if c < 0x80 { return (UInt32(c), 1) }
        if c >> 5 == 0x6 { return (UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if c >> 4 == 0xE { return (UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3) }
        throw TerminalGraphicsError("unexpected byte \(c)")
    }
}
