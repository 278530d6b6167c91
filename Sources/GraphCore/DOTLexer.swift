/// Tokens of the Graphviz DOT language, read from bytes in place.
///
/// IDs come in four kinds: bare words, numerals (`-1.5`, `.5`), quoted
/// strings (with `\"` escapes, backslash-newline continuations and `+`
/// concatenation) and HTML strings (`<…>`, nesting). `//` and `/* */`
/// comments and `#` lines (preprocessor output) are skipped.
struct DOTLexer {
    enum Kind: Equatable { case id, lbrace, rbrace, lbracket, rbracket, equals, semicolon, comma, colon, edgeOp, eof }
    enum IDKind: Equatable { case word, numeral, quoted, html }

    struct Token {
        var kind: Kind
        /// Offset of the token's first byte, for messages.
        var start: Int
        var idKind: IDKind = .word
        /// The ID's value: a range of the input, or of `arena` when escapes were undone.
        var valueStart = 0, valueEnd = 0
        var inArena = false
        /// For `->` (true) and `--` (false).
        var directed = false
    }

    let b: UnsafeBufferPointer<UInt8>
    let input: TextInput
    private var pos = 0
    /// Quoted strings whose escapes or concatenations had to be undone.
    private(set) var arena: [UInt8] = []

    init(_ b: UnsafeBufferPointer<UInt8>, input: TextInput) {
        self.b = b
        self.input = input
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3 }
    }

    mutating func next() throws -> Token {
        try skipSpaceAndComments()
        let start = pos
        guard pos < b.count else { return Token(kind: .eof, start: pos) }
        let c = b[pos]
        func punctuation(_ k: Kind) -> Token { pos += 1; return Token(kind: k, start: start) }
        switch c {
        case UInt8(ascii: "{"): return punctuation(.lbrace)
        case UInt8(ascii: "}"): return punctuation(.rbrace)
        case UInt8(ascii: "["): return punctuation(.lbracket)
        case UInt8(ascii: "]"): return punctuation(.rbracket)
        case UInt8(ascii: "="): return punctuation(.equals)
        case UInt8(ascii: ";"): return punctuation(.semicolon)
        case UInt8(ascii: ","): return punctuation(.comma)
        case UInt8(ascii: ":"): return punctuation(.colon)
        case UInt8(ascii: "-") where pos + 1 < b.count && (b[pos + 1] == UInt8(ascii: "-") || b[pos + 1] == UInt8(ascii: ">")):
            pos += 2
            return Token(kind: .edgeOp, start: start, directed: b[start + 1] == UInt8(ascii: ">"))
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try numeral()
        case UInt8(ascii: "\""):
            return try quoted()
        case UInt8(ascii: "<"):
            return try html()
        default:
            guard isWordStart(c) else {
                throw input.error(at: start, "expected a DOT id, an edge operator or punctuation, found \(input.found(at: start))")
            }
            while pos < b.count && (isWordStart(b[pos]) || isDigit(b[pos])) { pos += 1 }
            return Token(kind: .id, start: start, idKind: .word, valueStart: start, valueEnd: pos)
        }
    }

    /// Calls `body` with the bytes of an ID token's value.
    func withValue<R>(_ t: Token, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if t.inArena {
            return try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[t.valueStart..<t.valueEnd])) }
        }
        return try body(UnsafeBufferPointer(rebasing: b[t.valueStart..<t.valueEnd]))
    }

    func string(_ t: Token) -> String { withValue(t) { String(decoding: $0, as: UTF8.self) } }

    // MARK: IDs

    private mutating func numeral() throws -> Token {
        let start = pos
        if b[pos] == UInt8(ascii: "-") { pos += 1 }
        var digits = 0
        while pos < b.count && isDigit(b[pos]) { pos += 1; digits += 1 }
        if pos < b.count && b[pos] == UInt8(ascii: ".") {
            pos += 1
            while pos < b.count && isDigit(b[pos]) { pos += 1; digits += 1 }
        }
        guard digits > 0 else { throw input.error(at: start, "expected a number, found \(input.found(at: start))") }
        return Token(kind: .id, start: start, idKind: .numeral, valueStart: start, valueEnd: pos)
    }

    private mutating func quoted() throws -> Token {
        let start = pos
        var (s, e, clean) = try quotedPiece()
        var inArena = false
        // "a" + "b" is one ID; so is a string with escapes, once undone.
        while true {
            let save = pos
            try skipSpaceAndComments()
            guard pos < b.count, b[pos] == UInt8(ascii: "+") else { pos = save; break }
            pos += 1
            try skipSpaceAndComments()
            guard pos < b.count, b[pos] == UInt8(ascii: "\"") else {
                throw input.error(at: pos, "expected a quoted string after '+', found \(input.found(at: pos))")
            }
            if !inArena { (s, e) = unescape(s, e); inArena = true }
            let (s2, e2, _) = try quotedPiece()
            e = unescape(s2, e2).1  // pieces land in the arena one after another
        }
        if !clean && !inArena { (s, e) = unescape(s, e); inArena = true }
        return Token(kind: .id, start: start, idKind: .quoted, valueStart: s, valueEnd: e, inArena: inArena)
    }

    /// One `"…"`: its inner range and whether it holds no backslash.
    private mutating func quotedPiece() throws -> (Int, Int, Bool) {
        let open = pos
        pos += 1
        var clean = true
        while pos < b.count && b[pos] != UInt8(ascii: "\"") {
            if b[pos] == UInt8(ascii: "\\") { clean = false; pos += 1 }
            pos += 1
        }
        guard pos < b.count else {
            throw input.error(at: open, "unterminated string: expected a closing '\"' for the string opened here, found end of file")
        }
        pos += 1
        return (open + 1, pos - 1, clean)
    }

    /// Copies `b[s..<e]` to the arena with `\"` and backslash-newlines undone
    /// (other backslashes stay: Graphviz gives `\n`, `\l`, `\N` meaning later).
    private mutating func unescape(_ s: Int, _ e: Int) -> (Int, Int) {
        let a = arena.count
        var i = s
        while i < e {
            let c = b[i]
            if c == UInt8(ascii: "\\") && i + 1 < e {
                let d = b[i + 1]
                if d == UInt8(ascii: "\"") { arena.append(d); i += 2; continue }
                if d == 0x0A { i += 2; continue }
                if d == 0x0D { i += (i + 2 < e && b[i + 2] == 0x0A) ? 3 : 2; continue }
                arena.append(c); arena.append(d); i += 2; continue
            }
            arena.append(c)
            i += 1
        }
        return (a, arena.count)
    }

    private mutating func html() throws -> Token {
        let start = pos
        var depth = 0
        while pos < b.count {
            if b[pos] == UInt8(ascii: "<") { depth += 1 } else if b[pos] == UInt8(ascii: ">") {
                depth -= 1
                if depth == 0 {
                    pos += 1
                    return Token(kind: .id, start: start, idKind: .html, valueStart: start + 1, valueEnd: pos - 1)
                }
            }
            pos += 1
        }
        throw input.error(at: start, "unterminated HTML string: expected '>' closing the '<' opened here, found end of file")
    }

    // MARK: space

    private mutating func skipSpaceAndComments() throws {
        while pos < b.count {
            let c = b[pos]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C { pos += 1; continue }
            if c == UInt8(ascii: "#") {
                while pos < b.count && b[pos] != 0x0A { pos += 1 }
                continue
            }
            if c == UInt8(ascii: "/") && pos + 1 < b.count {
                if b[pos + 1] == UInt8(ascii: "/") {
                    while pos < b.count && b[pos] != 0x0A { pos += 1 }
                    continue
                }
                if b[pos + 1] == UInt8(ascii: "*") {
                    let open = pos
                    pos += 2
                    while pos + 1 < b.count && !(b[pos] == UInt8(ascii: "*") && b[pos + 1] == UInt8(ascii: "/")) { pos += 1 }
                    guard pos + 1 < b.count else {
                        throw input.error(at: open, "unterminated comment: expected '*/' closing the comment opened here, found end of file")
                    }
                    pos += 2
                    continue
                }
            }
            return
        }
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) func isWordStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }
}
