#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks bytes line by line and, within a line, token by token (runs of
/// non-blank bytes, or `"…"` quoted text where the caller allows it). Shared
/// by the line-oriented readers (Pajek, Matrix Market).
struct LineTokenizer {
    /// Tokens longer than this are refused: no real id or number is a
    /// megabyte, and a file that is one long line should fail fast.
    static let maxTokenBytes = EdgeListReader.maxFieldBytes

    let b: UnsafeBufferPointer<UInt8>
    let input: TextInput
    /// The current line is `lineStart..<lineEnd` (without `\r\n`); `cursor`
    /// is where the next token search starts.
    private(set) var lineStart = 0
    private(set) var lineEnd = 0
    var cursor = 0
    private var next = 0

    /// Longer lines are refused by `nextLine` (nil: no limit), naming `formatName`.
    let maxLineBytes: Int?
    let formatName: String

    init(_ b: UnsafeBufferPointer<UInt8>, input: TextInput, maxLineBytes: Int? = nil, formatName: String = "graph") {
        self.b = b
        self.input = input
        self.maxLineBytes = maxLineBytes
        self.formatName = formatName
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { next = 3 }  // UTF-8 BOM
    }

    /// Moves to the next line; false at the end of the input.
    mutating func nextLine() throws -> Bool {
        guard next < b.count else { lineStart = b.count; lineEnd = b.count; cursor = b.count; return false }
        lineStart = next
        // memchr: line scanning is most of the work on big files.
        var i = b.count
        if let base = b.baseAddress, let nl = memchr(base + next, 0x0A, b.count - next) {
            i = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
        }
        next = i + 1
        if i > lineStart && b[i - 1] == 0x0D { i -= 1 }
        lineEnd = i
        cursor = lineStart
        if let max = maxLineBytes, lineEnd - lineStart > max {
            throw input.error(at: lineStart, "a line of more than \(max) bytes: this does not look like a \(formatName) file")
        }
        return true
    }

    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0C || c == 0x0B }

    /// The first non-blank byte of the line, or nil if the line is blank.
    mutating func firstByte() -> UInt8? {
        skipBlanks()
        return cursor < lineEnd ? b[cursor] : nil
    }

    mutating func skipBlanks() {
        while cursor < lineEnd && Self.isBlank(b[cursor]) { cursor += 1 }
    }

    /// True when only blanks remain on the line.
    mutating func atEndOfLine() -> Bool {
        skipBlanks()
        return cursor >= lineEnd
    }

    /// The next token's bytes range, or nil at the end of the line. With
    /// `quotes`, a token starting with `"` runs to the next `"` (and the
    /// range excludes the quotes).
    mutating func token(quotes: Bool = false) throws -> (start: Int, end: Int, quoted: Bool)? {
        skipBlanks()
        guard cursor < lineEnd else { return nil }
        let start = cursor
        if quotes && b[cursor] == UInt8(ascii: "\"") {
            cursor += 1
            let s = cursor
            while cursor < lineEnd && b[cursor] != UInt8(ascii: "\"") {
                cursor += 1
                if cursor - s > Self.maxTokenBytes { throw tooLong(start) }
            }
            guard cursor < lineEnd else {
                throw input.error(at: start, "unterminated quoted text: no closing '\"' before the end of the line")
            }
            cursor += 1
            return (s, cursor - 1, true)
        }
        while cursor < lineEnd && !Self.isBlank(b[cursor]) {
            cursor += 1
            if cursor - start > Self.maxTokenBytes { throw tooLong(start) }
        }
        return (start, cursor, false)
    }

    private func tooLong(_ start: Int) -> GraphError {
        input.error(at: start, "a token of more than \(Self.maxTokenBytes) bytes: this does not look like a graph file")
    }

    /// The next token, or an "expected …, found end of line" error.
    /// `what` is an autoclosure: the message is built only when there is an error.
    mutating func requireToken(_ what: @autoclosure () -> String, quotes: Bool = false) throws -> (start: Int, end: Int, quoted: Bool) {
        guard let t = try token(quotes: quotes) else {
            throw input.error(at: cursor, "expected \(what()), found end of line")
        }
        return t
    }

    /// A token as error messages show it: `'text'`, cut at 40 bytes.
    func shown(_ start: Int, _ end: Int) -> String {
        let cut = min(end, start + 40)
        var s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<cut]), as: UTF8.self)
        s = String(s.map { $0.isASCII && ($0.asciiValue ?? 0) < 0x20 ? "?" : $0 })
        return "'\(s)'" + (cut < end ? "…" : "")
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }

    /// `start..<end` as a non-negative decimal integer (an optional `+`), if it is one that fits.
    func unsigned(_ start: Int, _ end: Int) -> Int? {
        var i = start
        if i < end && b[i] == UInt8(ascii: "+") { i += 1 }
        guard i < end else { return nil }
        var v = 0
        while i < end {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c - 0x30))
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        return v
    }

    /// Case-insensitive comparison of a token with a lowercase ASCII word.
    func equalsLowercase(_ start: Int, _ end: Int, _ word: StaticString) -> Bool {
        guard end - start == word.utf8CodeUnitCount else { return false }
        let w = UnsafeBufferPointer(start: word.utf8Start, count: end - start)
        for i in 0..<(end - start) {
            var c = b[start + i]
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if c != w[i] { return false }
        }
        return true
    }
}
