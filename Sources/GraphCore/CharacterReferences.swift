/// Character references (`&amp;`, `&#233;`, `&#xE9;`) as XML (GraphML) and
/// GML strings write them, decoded straight from bytes.
enum CharacterReferences {
    enum Failure: Error { case bad(at: Int) }

    /// Appends `b[start..<end]` to `out` with references decoded.
    ///
    /// `strict` (XML): an unknown or malformed reference is a failure at its `&`.
    /// Not strict (GML, which NetworkX reads with `html.unescape`): it is kept
    /// as written.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                       into out: inout [UInt8], strict: Bool) throws(Failure) {
        var i = start
        while i < end {
            let c = b[i]
            guard c == UInt8(ascii: "&") else { out.append(c); i += 1; continue }
            if let (scalar, next) = reference(b, i, end) {
                appendUTF8(scalar, to: &out)
                i = next
            } else if strict {
                throw .bad(at: i)
            } else {
                out.append(c)
                i += 1
            }
        }
    }

    /// The reference starting at `b[amp] == "&"`: its code point and the
    /// offset after its `;`.
    static func reference(_ b: UnsafeBufferPointer<UInt8>, _ amp: Int, _ end: Int) -> (UInt32, Int)? {
        var semi = amp + 1
        // No real reference is longer than `&#x10FFFF;`; bounding the search
        // keeps a stray `&` from scanning the whole file.
        while semi < end && semi - amp <= 10 && b[semi] != UInt8(ascii: ";") { semi += 1 }
        guard semi < end && b[semi] == UInt8(ascii: ";") && semi > amp + 1 else { return nil }
        let s = amp + 1
        if b[s] == UInt8(ascii: "#") {
            var value: UInt32 = 0
            var i = s + 1
            let hex = i < semi && (b[i] == UInt8(ascii: "x") || b[i] == UInt8(ascii: "X"))
            if hex { i += 1 }
            guard i < semi else { return nil }
            while i < semi {
                let d: UInt32
                switch b[i] {
                case 0x30...0x39: d = UInt32(b[i] - 0x30)
                case 0x61...0x66 where hex: d = UInt32(b[i] - 0x61 + 10)
                case 0x41...0x46 where hex: d = UInt32(b[i] - 0x41 + 10)
                default: return nil
                }
                value = value * (hex ? 16 : 10) + d
                if value > 0x10FFFF { return nil }
                i += 1
            }
            guard value != 0, Unicode.Scalar(value) != nil else { return nil }
            return (value, semi + 1)
        }
        let name = UnsafeBufferPointer(rebasing: b[s..<semi])
        let scalar: UInt32
        if name.elementsEqual("amp".utf8) { scalar = 0x26 }
        else if name.elementsEqual("lt".utf8) { scalar = 0x3C }
        else if name.elementsEqual("gt".utf8) { scalar = 0x3E }
        else if name.elementsEqual("quot".utf8) { scalar = 0x22 }
        else if name.elementsEqual("apos".utf8) { scalar = 0x27 }
        else { return nil }
        return (scalar, semi + 1)
    }

    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
