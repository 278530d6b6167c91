/// JSON strings: the fast path hands out the input's own bytes; strings with
/// escapes are decoded into the scanner's scratch buffer.
extension JSONScanner {
    /// Reads a string at `pos` (which must be `"`); the bytes are the
    /// decoded content, valid until the next string is read.
    mutating func readString() throws -> UnsafeBufferPointer<UInt8> {
        let open = pos
        pos += 1
        let start = pos
        let limit = min(b.count, start + Self.maxStringBytes)
        while pos < limit {
            let c = b[pos]
            if c == UInt8(ascii: "\"") {
                let r = UnsafeBufferPointer(rebasing: b[start..<pos])
                pos += 1
                return r
            }
            if c == UInt8(ascii: "\\") { return try readEscapedString(open) }
            if c < 0x20 { throw controlCharacterError(c) }
            pos += 1
        }
        throw unterminatedString(open)
    }

    func controlCharacterError(_ c: UInt8) -> GraphError {
        error(c == 0x0A ? "expected '\"' to close the string, found end of line (JSON strings cannot span lines)"
                        : "a control character (byte 0x\(String(c, radix: 16))) inside a string must be escaped")
    }

    func unterminatedString(_ open: Int) -> GraphError {
        if pos >= b.count {
            let (l, c) = input.location(of: open)
            return error("expected '\"' to close the string that starts at \(l):\(c), found end of file")
        }
        return input.error(at: open, "a string longer than \(Self.maxStringBytes) bytes: the closing '\"' is probably missing")
    }

    private mutating func readEscapedString(_ open: Int) throws -> UnsafeBufferPointer<UInt8> {
        scratch.count = 0
        scratch.append(UnsafeBufferPointer(rebasing: b[(open + 1)..<pos]))
        let limit = min(b.count, open + 1 + Self.maxStringBytes)
        while pos < limit {
            let c = b[pos]
            if c == UInt8(ascii: "\"") { pos += 1; return scratch.buffer }
            if c < 0x20 { throw controlCharacterError(c) }
            if c != UInt8(ascii: "\\") { scratch.append(c); pos += 1; continue }
            pos += 1
            guard pos < b.count else { break }
            switch b[pos] {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                pos += 1
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate pairs with a following \uDC00–\uDFFF.
                    if pos + 1 < b.count && b[pos] == UInt8(ascii: "\\") && b[pos + 1] == UInt8(ascii: "u") {
                        let save = pos
                        pos += 2
                        let low = try hex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            pos = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    scalar = 0xFFFD  // a lone low surrogate cannot be UTF-8
                }
                appendUTF8(scalar)
                continue
            default:
                throw expectedError("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) after '\\'")
            }
            pos += 1
        }
        throw unterminatedString(open)
    }

    private mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard pos < b.count else { throw expectedError("four hex digits after '\\u'") }
            let c = b[pos]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw expectedError("four hex digits after '\\u'")
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    private func appendUTF8(_ s: UInt32) {
        if s < 0x80 { scratch.append(UInt8(s)) }
        else if s < 0x800 { scratch.append(UInt8(0xC0 | s >> 6)); scratch.append(UInt8(0x80 | s & 0x3F)) }
        else if s < 0x10000 {
            scratch.append(UInt8(0xE0 | s >> 12)); scratch.append(UInt8(0x80 | (s >> 6) & 0x3F)); scratch.append(UInt8(0x80 | s & 0x3F))
        } else {
            scratch.append(UInt8(0xF0 | s >> 18)); scratch.append(UInt8(0x80 | (s >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (s >> 6) & 0x3F)); scratch.append(UInt8(0x80 | s & 0x3F))
        }
    }
}
