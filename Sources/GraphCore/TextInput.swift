/// The bytes of one input and its name, with the place (line, column) of any
/// offset for error messages. Lines and columns are computed only when an
/// error is made, so readers scan raw bytes at full speed.
public struct TextInput: Sendable {
    public let bytes: [UInt8]
    public let source: String

    public init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    public init(_ text: String, source: String = "<text>") {
        self.init(bytes: Array(text.utf8), source: source)
    }

    /// 1-based line and column (in bytes) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1, lineStart = 0
        bytes.withUnsafeBufferPointer { b in
            for i in 0..<end where b[i] == 0x0A { line += 1; lineStart = i + 1 }
        }
        return (line, end - lineStart + 1)
    }

    /// An error at a byte offset: "SOURCE:LINE:COL: message".
    public func error(at offset: Int, _ message: String) -> GraphError {
        let (line, column) = location(of: offset)
        return GraphError(source: source, line: line, column: column, message)
    }

    /// A short, printable rendering of what stands at `offset`, for
    /// "expected X, found Y" messages.
    public func found(at offset: Int, limit: Int = 20) -> String {
        bytes.withUnsafeBufferPointer { Self.found(in: $0, at: offset, limit: limit) }
    }

    /// `found(at:)` over any buffer (a streaming reader's current chunk).
    static func found(in b: UnsafeBufferPointer<UInt8>, at offset: Int, limit: Int = 20) -> String {
        guard offset < b.count else { return "end of file" }
        var s = ""
        var i = offset
        while i < b.count && s.count < limit {
            let c = b[i]
            if c == 0x0A || c == 0x0D { break }
            s.append(c >= 0x20 && c < 0x7F ? Character(Unicode.Scalar(c)) : "?")
            i += 1
        }
        if s.isEmpty { return b[offset] == 0x0A || b[offset] == 0x0D ? "end of line" : "byte 0x\(String(b[offset], radix: 16))" }
        return "'\(s)'" + (i < b.count && b[i] != 0x0A && b[i] != 0x0D ? "…" : "")
    }

    /// "UTF-16LE"/"UTF-16BE" when `head` looks like UTF-16: a byte-order
    /// mark, or ASCII text with every other byte NUL.
    static func utf16(_ head: ArraySlice<UInt8>) -> String? {
        let b = Array(head.prefix(512))
        if b.count >= 2 && b[0] == 0xFF && b[1] == 0xFE { return "UTF-16LE" }
        if b.count >= 2 && b[0] == 0xFE && b[1] == 0xFF { return "UTF-16BE" }
        guard b.count >= 8 else { return nil }
        let pairs = b.count / 2
        var evenNUL = 0, oddNUL = 0
        for i in 0..<pairs {
            if b[2 * i] == 0 && b[2 * i + 1] != 0 { evenNUL += 1 }
            if b[2 * i + 1] == 0 && b[2 * i] != 0 { oddNUL += 1 }
        }
        if oddNUL * 10 >= pairs * 9 { return "UTF-16LE" }
        if evenNUL * 10 >= pairs * 9 { return "UTF-16BE" }
        return nil
    }

    /// Rejects binary data early: a NUL byte (or invalid UTF-8) in the first
    /// 64 KiB means this is not a text graph file.
    public func checkText() throws {
        let head = bytes.prefix(65_536)
        if let encoding = Self.utf16(head) {
            throw GraphError(source: source, "\(encoding) text, not UTF-8; convert it first (iconv -f \(encoding) -t UTF-8 FILE)")
        }
        if let nul = head.firstIndex(of: 0) {
            throw error(at: nul, "binary data (a NUL byte), not a text graph file")
        }
        var it = head.makeIterator()
        var decoder = UTF8()
        var offset = 0
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: break loop
            case .error:
                // A multi-byte sequence cut by the 64 KiB window is fine.
                if head.count - offset < 4 && bytes.count > head.count { break loop }
                throw error(at: offset, "invalid UTF-8: this looks like binary data, not a text graph file")
            }
        }
    }
}
