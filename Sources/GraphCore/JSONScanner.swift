/// A pull parser for JSON over raw bytes: the caller walks objects and
/// arrays member by member, so a node-link file becomes a graph without an
/// intermediate document tree.
///
/// It accepts the full JSON grammar (RFC 8259) plus Python's `NaN`,
/// `Infinity` and `-Infinity`, which `json.dump` writes by default and so
/// NetworkX files can contain. Nesting deeper than `maxDepth` is refused, so
/// hostile input cannot exhaust memory or the stack (nothing here recurses).
struct JSONScanner {
    enum Kind { case object, array, string, number, bool, null }

    /// A scalar value. `string` bytes are valid only until the next string is read.
    enum Scalar {
        case string(UnsafeBufferPointer<UInt8>)
        case number(start: Int, end: Int, isInteger: Bool)
        case bool(Bool)
        case null
    }

    static let maxDepth = 512
    /// Longer strings are refused: a graph file has no business holding one,
    /// and a damaged file (a missing quote) should fail, not swallow it all.
    static let maxStringBytes = 1 << 24

    let b: UnsafeBufferPointer<UInt8>
    let input: TextInput
    private(set) var pos = 0
    private var depth = 0
    /// True right after `{` or `[`: the next member needs no comma.
    private var afterOpen = false
    private let scratch = ByteScratch()

    init(_ b: UnsafeBufferPointer<UInt8>, input: TextInput) {
        self.b = b
        self.input = input
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3 }  // UTF-8 BOM
    }

    // MARK: structure

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < b.count {
            let c = b[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    /// The offset where the next value starts (whitespace skipped), for error messages.
    mutating func valueStart() -> Int {
        skipWhitespace()
        return pos
    }

    func error(_ message: String) -> GraphError { input.error(at: pos, message) }

    func expectedError(_ what: String) -> GraphError {
        input.error(at: pos, "expected \(what), found \(input.found(at: pos))")
    }

    /// The kind of the next value, without consuming it.
    mutating func peekKind(_ what: @autoclosure () -> String = "a value") throws -> Kind {
        skipWhitespace()
        guard pos < b.count else { throw expectedError(what()) }
        switch b[pos] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "N"), UInt8(ascii: "I"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw expectedError(what())
        }
    }

    private mutating func open(_ c: UInt8, _ what: () -> String) throws {
        skipWhitespace()
        guard pos < b.count, b[pos] == c else { throw expectedError(what()) }
        depth += 1
        if depth > Self.maxDepth { throw error("JSON nested deeper than \(Self.maxDepth) levels") }
        pos += 1
        afterOpen = true
    }

    /// Error-message arguments are autoclosures: built only when there is an error.
    mutating func beginObject(_ what: @autoclosure () -> String = "'{'") throws { try open(UInt8(ascii: "{"), what) }
    mutating func beginArray(_ what: @autoclosure () -> String = "'['") throws { try open(UInt8(ascii: "["), what) }

    /// Moves to the next member of the innermost open object and returns its
    /// key (valid until the next string is read), or nil after the closing `}`.
    mutating func nextKey() throws -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        if afterOpen {
            afterOpen = false
            if pos < b.count && b[pos] == UInt8(ascii: "}") { pos += 1; depth -= 1; return nil }
        } else {
            guard pos < b.count else { throw expectedError("',' or '}'") }
            if b[pos] == UInt8(ascii: "}") { pos += 1; depth -= 1; return nil }
            guard b[pos] == UInt8(ascii: ",") else { throw expectedError("',' or '}'") }
            pos += 1
            skipWhitespace()
        }
        guard pos < b.count, b[pos] == UInt8(ascii: "\"") else { throw expectedError("a string key") }
        let key = try readString()
        skipWhitespace()
        guard pos < b.count, b[pos] == UInt8(ascii: ":") else { throw expectedError("':' after the key") }
        pos += 1
        return key
    }

    /// Moves to the next element of the innermost open array; false after `]`.
    mutating func nextElement() throws -> Bool {
        skipWhitespace()
        if afterOpen {
            afterOpen = false
            if pos < b.count && b[pos] == UInt8(ascii: "]") { pos += 1; depth -= 1; return false }
            return true
        }
        guard pos < b.count else { throw expectedError("',' or ']'") }
        if b[pos] == UInt8(ascii: "]") { pos += 1; depth -= 1; return false }
        guard b[pos] == UInt8(ascii: ",") else { throw expectedError("',' or ']'") }
        pos += 1
        return true
    }

    /// Only whitespace may follow the top-level value.
    mutating func expectEnd() throws {
        skipWhitespace()
        if pos < b.count { throw expectedError("end of file after the top-level value") }
    }

    // MARK: scalars

    mutating func readScalar(_ what: @autoclosure () -> String = "a value") throws -> Scalar {
        switch try peekKind(what()) {
        case .string: return .string(try readString())
        case .number:
            let (s, e, isInteger) = try readNumber()
            return .number(start: s, end: e, isInteger: isInteger)
        case .bool: return .bool(try readBool())
        case .null: try readLiteral("null"); return .null
        case .object, .array: throw expectedError(what())
        }
    }

    mutating func readBool() throws -> Bool {
        if pos < b.count && b[pos] == UInt8(ascii: "t") { try readLiteral("true"); return true }
        try readLiteral("false")
        return false
    }

    private mutating func readLiteral(_ word: StaticString) throws {
        let start = pos
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        for k in 0..<n {
            guard pos < b.count, b[pos] == w[k] else {
                pos = start
                throw expectedError("'\(word)'")
            }
            pos += 1
        }
        try checkDelimiter(start)
    }

    /// A value must be followed by a delimiter: `12ab` or `truex` is one bad token.
    private func checkDelimiter(_ start: Int) throws {
        guard pos < b.count else { return }
        let c = b[pos]
        if (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") {
            throw input.error(at: start, "malformed value: \(input.found(at: start)) is not a JSON number, string, true, false or null")
        }
    }

    /// Longer numbers are refused as soon as they pass this, without scanning on.
    static let maxNumberBytes = 4096

    /// A number's byte range; `isInteger` when it has no fraction or exponent.
    mutating func readNumber() throws -> (Int, Int, Bool) {
        let start = pos
        let limit = min(b.count, start + Self.maxNumberBytes)
        if pos < b.count && b[pos] == UInt8(ascii: "-") { pos += 1 }
        if pos < b.count && (b[pos] == UInt8(ascii: "N") || b[pos] == UInt8(ascii: "I")) {
            // Python's json writes these for NaN and infinities.
            if b[pos] == UInt8(ascii: "I") { try readLiteral("Infinity") }
            else if pos == start { try readLiteral("NaN") }
            else { throw expectedError("a digit") }
            return (start, pos, false)
        }
        guard pos < b.count, isDigit(b[pos]) else { throw expectedError("a digit") }
        if b[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < b.count && isDigit(b[pos]) { throw input.error(at: start, "malformed number: JSON numbers have no leading zeros") }
        } else {
            while pos < limit && isDigit(b[pos]) { pos += 1 }
        }
        var isInteger = true
        if pos < b.count && b[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < b.count, isDigit(b[pos]) else { throw expectedError("a digit after '.'") }
            while pos < limit && isDigit(b[pos]) { pos += 1 }
        }
        if pos < b.count && (b[pos] == UInt8(ascii: "e") || b[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < b.count && (b[pos] == UInt8(ascii: "+") || b[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < b.count, isDigit(b[pos]) else { throw expectedError("a digit in the exponent") }
            while pos < limit && isDigit(b[pos]) { pos += 1 }
        }
        if pos == limit && limit < b.count && isDigit(b[pos]) {
            throw input.error(at: start, "a number of more than \(Self.maxNumberBytes) characters: this does not look like a graph file")
        }
        try checkDelimiter(start)
        return (start, pos, isInteger)
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// The number at `start..<end` (as `readNumber` delimited it) as a Double.
    func double(_ start: Int, _ end: Int) -> Double {
        var s = start
        let negative = b[s] == UInt8(ascii: "-")
        if negative { s += 1 }
        if b[s] == UInt8(ascii: "N") { return .nan }
        if b[s] == UInt8(ascii: "I") { return negative ? -.infinity : .infinity }
        // Grammar was checked, so the standard parser cannot fail; huge exponents give ±inf.
        return NumberParsing.double(b, start, end) ?? .nan
    }

    /// The integer at `start..<end`, if it fits in an Int.
    func int(_ start: Int, _ end: Int) -> Int? {
        var s = start
        let negative = b[s] == UInt8(ascii: "-")
        if negative { s += 1 }
        var v = 0
        while s < end {
            let d = b[s]
            guard d >= 0x30 && d <= 0x39 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int(d - 0x30)) : m.addingReportingOverflow(Int(d - 0x30))
            if o1 || o2 { return nil }
            v = a
            s += 1
        }
        return v
    }

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

    private func controlCharacterError(_ c: UInt8) -> GraphError {
        error(c == 0x0A ? "expected '\"' to close the string, found end of line (JSON strings cannot span lines)"
                        : "a control character (byte 0x\(String(c, radix: 16))) inside a string must be escaped")
    }

    private func unterminatedString(_ open: Int) -> GraphError {
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

    // MARK: whole values

    /// Skips one value of any kind. With `capture`, appends the value as
    /// compact JSON (strings keep their escapes). Iterative, so nesting is
    /// bounded by `maxDepth` rather than by the stack.
    mutating func skipValue(capture: ByteScratch? = nil) throws {
        var stack: [Bool] = []  // true: inside an object
        value: while true {
            let kind = try peekKind()
            switch kind {
            case .object, .array:
                let isObject = kind == .object
                if depth + stack.count + 1 > Self.maxDepth { throw error("JSON nested deeper than \(Self.maxDepth) levels") }
                capture?.append(b[pos])
                pos += 1
                stack.append(isObject)
                skipWhitespace()
                if pos < b.count && b[pos] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    capture?.append(b[pos])
                    pos += 1
                    stack.removeLast()
                } else {
                    if isObject { try member(capture) }
                    continue value
                }
            case .string:
                let s = pos
                _ = try readString()
                capture?.append(UnsafeBufferPointer(rebasing: b[s..<pos]))
            case .number:
                let (s, e, _) = try readNumber()
                capture?.append(UnsafeBufferPointer(rebasing: b[s..<e]))
            case .bool:
                let s = pos
                _ = try readBool()
                capture?.append(UnsafeBufferPointer(rebasing: b[s..<pos]))
            case .null:
                try readLiteral("null")
                for c in "null".utf8 { capture?.append(c) }
            }
            // A value is complete: close containers or move to the next member.
            while let inObject = stack.last {
                skipWhitespace()
                let close = inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard pos < b.count else { throw expectedError("',' or '\(Character(Unicode.Scalar(close)))'") }
                if b[pos] == close {
                    capture?.append(close)
                    pos += 1
                    stack.removeLast()
                } else if b[pos] == UInt8(ascii: ",") {
                    capture?.append(UInt8(ascii: ","))
                    pos += 1
                    if inObject { try member(capture) }
                    continue value
                } else {
                    throw expectedError("',' or '\(Character(Unicode.Scalar(close)))'")
                }
            }
            return
        }
    }

    /// A key and its colon inside `skipValue`.
    private mutating func member(_ capture: ByteScratch?) throws {
        skipWhitespace()
        guard pos < b.count, b[pos] == UInt8(ascii: "\"") else { throw expectedError("a string key") }
        let s = pos
        _ = try readString()
        capture?.append(UnsafeBufferPointer(rebasing: b[s..<pos]))
        skipWhitespace()
        guard pos < b.count, b[pos] == UInt8(ascii: ":") else { throw expectedError("':' after the key") }
        capture?.append(UInt8(ascii: ":"))
        pos += 1
    }
}

/// A growable byte buffer with a stable address between appends, so the
/// scanner can hand out decoded strings without copying them into Arrays.
final class ByteScratch {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var count = 0

    init() {
        capacity = 256
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    @inline(__always) func append(_ c: UInt8) {
        if count == capacity { grow(count + 1) }
        storage[count] = c
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if count + bytes.count > capacity { grow(count + bytes.count) }
        if let base = bytes.baseAddress { (storage + count).update(from: base, count: bytes.count) }
        count += bytes.count
    }

    private func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let s = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        s.update(from: storage, count: count)
        storage.deallocate()
        storage = s
        capacity = c
    }
}
