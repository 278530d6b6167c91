// Small appenders for escape sequences; they write straight into the output
// buffer so the hot path makes no Strings.

extension Array where Element == UInt8 {
    /// Appends the decimal digits of a non-negative `n`.
    @inlinable
    public mutating func appendDecimal(_ n: Int) {
        var v = n < 0 ? 0 : n
        if v < 10 { append(UInt8(48 + v)); return }
        var divisor = 10
        while divisor <= v / 10 { divisor *= 10 }
        while divisor > 0 {
            append(UInt8(48 + v / divisor))
            v %= divisor
            divisor /= 10
        }
    }

    /// Appends the UTF-8 bytes of `s`.
    @inlinable
    public mutating func append(ascii s: String) { append(contentsOf: s.utf8) }

    /// `ESC [ row+1 ; col+1 H`: moves the cursor to a 0-based cell.
    @inlinable
    public mutating func appendCursorMove(row: Int, col: Int) {
        append(0x1B); append(0x5B); appendDecimal(row + 1); append(0x3B); appendDecimal(col + 1); append(0x48)
    }

    /// Appends the UTF-8 encoding of a Unicode scalar.
    @inlinable
    public mutating func appendScalar(_ v: UInt32) {
        switch v {
        case 0..<0x80: append(UInt8(v))
        case 0x80..<0x800:
            append(UInt8(0xC0 | (v >> 6))); append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            append(UInt8(0xE0 | (v >> 12))); append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            append(UInt8(0x80 | (v & 0x3F)))
        default:
            append(UInt8(0xF0 | (v >> 18))); append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            append(UInt8(0x80 | ((v >> 6) & 0x3F))); append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

/// Sequences the TUI writes around images.
public enum TerminalSequences {
    /// Begin synchronized output (mode 2026): the terminal shows the frame at once.
    public static let beginSynchronized: [UInt8] = Array("\u{1B}[?2026h".utf8)
    /// End synchronized output.
    public static let endSynchronized: [UInt8] = Array("\u{1B}[?2026l".utf8)
    /// Save the cursor (DECSC).
    public static let saveCursor: [UInt8] = [0x1B, 0x37]
    /// Restore the cursor (DECRC).
    public static let restoreCursor: [UInt8] = [0x1B, 0x38]
    /// Reset colours and attributes (SGR 0).
    public static let resetAttributes: [UInt8] = Array("\u{1B}[0m".utf8)
}
