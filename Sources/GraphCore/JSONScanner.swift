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
    var pos = 0
    private var depth = 0
    /// True right after `{` or `[`: the next member needs no comma.
    private var afterOpen = false
    /// Holds strings that had escapes, decoded.
    let scratch = ByteScratch()

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
