/// A small pull tokenizer for the XML that graph files are written in.
///
/// It reads bytes in place and hands out offsets, so names, attribute values
/// and text are not copied unless they hold character references. It checks
/// what a graph reader needs to trust the structure (tags nest and match,
/// attributes are quoted, the file does not end inside an element) and skips
/// comments, processing instructions and the DOCTYPE. It does not expand
/// entities a DOCTYPE declares, nor validate names.
struct XMLTokenizer {
    enum Event: Equatable { case start, end, text, eof }

    struct Attribute {
        var nameStart: Int, nameEnd: Int
        var valueStart: Int, valueEnd: Int
        var hasReference: Bool
    }

    let b: UnsafeBufferPointer<UInt8>
    let input: TextInput
    private var pos = 0

    /// Offset of the current event's first byte (`<` of a tag, or the text).
    private(set) var tokenStart = 0
    /// The current start or end tag's name.
    private(set) var nameStart = 0, nameEnd = 0
    /// The current start tag's attributes: the first `attributeCount` of
    /// `attributes` (the array only grows, which spares a generic
    /// `removeAll` per tag).
    private(set) var attributes: [Attribute] = []
    private(set) var attributeCount = 0
    /// The current text: a run of character data or one CDATA section.
    private(set) var textStart = 0, textEnd = 0
    private(set) var textIsCDATA = false

    /// Whether the current text holds a character reference to decode.
    var textHasReference: Bool {
        if textIsCDATA { return false }
        for i in textStart..<textEnd where b[i] == UInt8(ascii: "&") { return true }
        return false
    }

    /// Open elements' name ranges, to match end tags and report truncation.
    private var open: [(start: Int, end: Int)] = []
    private var pendingEnd = false
    private var sawRoot = false

    init(_ b: UnsafeBufferPointer<UInt8>, input: TextInput) {
        self.b = b
        self.input = input
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3 }  // UTF-8 BOM
    }

    var depth: Int { open.count }

    /// The next start tag, end tag, text or the end of the file. An empty
    /// element `<a/>` gives a start and then an end. `skippingText` passes
    /// over text inside elements without a `.text` event (readers ignore the
    /// white space between tags, which is half of all events).
    mutating func next(skippingText: Bool = false) throws -> Event {
        if pendingEnd {
            pendingEnd = false
            open.removeLast()
            return .end
        }
        while true {
            guard pos < b.count else {
                tokenStart = pos
                if let last = open.last {
                    throw input.error(at: pos, "expected </\(text(last.start, last.end))>, found end of file")
                }
                if !sawRoot { throw input.error(at: pos, "expected an XML element, found end of file") }
                return .eof
            }
            if b[pos] != UInt8(ascii: "<") {
                tokenStart = pos
                let start = pos
                // Hot loops work on locals: `pos` lives in `self`, which the
                // compiler would otherwise store back on every byte. White
                // space between tags is most text, and nobody reads it, so
                // references are looked for only in text that is used.
                var p = pos
                let n = b.count
                while p < n && b[p] != UInt8(ascii: "<") { p += 1 }
                pos = p
                if skippingText && !open.isEmpty { continue }
                if open.isEmpty {
                    // Outside the root only white space may stand.
                    var i = start
                    while i < pos && isSpace(b[i]) { i += 1 }
                    if i < pos {
                        throw input.error(at: i, sawRoot ? "expected end of file after the root element, found \(input.found(at: i))"
                                                         : "expected '<' (an XML element), found \(input.found(at: i))")
                    }
                    continue
                }
                textStart = start; textEnd = pos; textIsCDATA = false
                return .text
            }
            tokenStart = pos
            guard pos + 1 < b.count else { throw input.error(at: pos + 1, "expected a tag name after '<', found end of file") }
            switch b[pos + 1] {
            case UInt8(ascii: "?"):
                try skip(past: "?>", what: "'?>' closing the processing instruction")
            case UInt8(ascii: "!"):
                if startsWith("<!--") {
                    try skip(past: "-->", what: "'-->' closing the comment")
                } else if startsWith("<![CDATA[") {
                    guard !open.isEmpty else { throw input.error(at: pos, "expected an XML element, found CDATA outside the root element") }
                    let start = pos + 9
                    try skip(past: "]]>", what: "']]>' closing the CDATA section")
                    textStart = start; textEnd = pos - 3; textIsCDATA = true
                    return .text
                } else {
                    try skipDeclaration()
                }
            case UInt8(ascii: "/"):
                return try endTag()
            default:
                return try startTag()
            }
        }
    }

    /// When the element whose start tag was just read holds plain text and
    /// then its own end tag (`<data key="w">3</data>`, most of a GraphML
    /// file), consumes both and returns the text; otherwise consumes nothing.
    /// A shortcut past two events per element.
    mutating func simpleText() -> (start: Int, end: Int, hasReference: Bool)? {
        guard let (ns, ne) = open.last else { return nil }
        if pendingEnd {
            pendingEnd = false
            open.removeLast()
            return (pos, pos, false)
        }
        let n = b.count
        var p = pos
        var hasReference = false
        while p < n {
            let c = b[p]
            if c == UInt8(ascii: "<") { break }
            if c == UInt8(ascii: "&") { hasReference = true }
            p += 1
        }
        let len = ne - ns
        guard p + 2 + len < n, b[p + 1] == UInt8(ascii: "/"), equal(ns, ne, p + 2, p + 2 + len),
              b[p + 2 + len] == UInt8(ascii: ">") else { return nil }
        let start = pos
        tokenStart = p
        nameStart = p + 2; nameEnd = p + 2 + len
        pos = p + 3 + len
        open.removeLast()
        return (start, p, hasReference)
    }

    /// Skips the rest of the element whose start tag was just read.
    mutating func skipElement() throws {
        let target = depth - 1
        while depth > target {
            if try next(skippingText: true) == .eof { return }
        }
    }

    // MARK: tags

    private mutating func startTag() throws -> Event {
        if open.isEmpty && sawRoot {
            throw input.error(at: pos, "expected end of file after the root element, found \(input.found(at: pos))")
        }
        var p = pos + 1
        let n = b.count
        nameStart = p
        while p < n && !isSpace(b[p]) && b[p] != UInt8(ascii: ">") && b[p] != UInt8(ascii: "/") { p += 1 }
        pos = p
        nameEnd = p
        if nameEnd == nameStart { throw input.error(at: pos, "expected a tag name after '<', found \(input.found(at: pos))") }
        attributeCount = 0
        while true {
            while pos < b.count && isSpace(b[pos]) { pos += 1 }
            guard pos < b.count else {
                throw input.error(at: pos, "expected '>' closing <\(text(nameStart, nameEnd))>, found end of file")
            }
            let c = b[pos]
            if c == UInt8(ascii: ">") { pos += 1; break }
            if c == UInt8(ascii: "/") {
                guard pos + 1 < b.count, b[pos + 1] == UInt8(ascii: ">") else {
                    throw input.error(at: pos + 1, "expected '>' after '/' in <\(text(nameStart, nameEnd))>, found \(input.found(at: pos + 1))")
                }
                pos += 2
                pendingEnd = true
                break
            }
            try attribute()
        }
        open.append((nameStart, nameEnd))
        sawRoot = true
        return .start
    }

    private mutating func attribute() throws {
        let ns = pos
        let n = b.count
        var p = pos
        while p < n && !isSpace(b[p]) && b[p] != UInt8(ascii: "=") && b[p] != UInt8(ascii: ">") && b[p] != UInt8(ascii: "/") { p += 1 }
        pos = p
        let ne = pos
        if ne == ns { throw input.error(at: pos, "expected an attribute name, found \(input.found(at: pos))") }
        while pos < b.count && isSpace(b[pos]) { pos += 1 }
        guard pos < b.count, b[pos] == UInt8(ascii: "=") else {
            throw input.error(at: pos, "expected '=' after attribute \(text(ns, ne)), found \(input.found(at: pos))")
        }
        pos += 1
        while pos < b.count && isSpace(b[pos]) { pos += 1 }
        guard pos < b.count, b[pos] == UInt8(ascii: "\"") || b[pos] == UInt8(ascii: "'") else {
            throw input.error(at: pos, "expected a quoted value for attribute \(text(ns, ne)), found \(input.found(at: pos))")
        }
        let quote = b[pos]
        p = pos + 1
        let vs = p
        var hasReference = false
        while p < n {
            let c = b[p]
            if c == quote { break }
            if c == UInt8(ascii: "&") { hasReference = true }
            p += 1
        }
        pos = p
        guard pos < b.count else {
            throw input.error(at: pos, "expected \(quote == 0x22 ? "'\"'" : "\"'\"") closing the value of attribute \(text(ns, ne)), found end of file")
        }
        let a = Attribute(nameStart: ns, nameEnd: ne, valueStart: vs, valueEnd: pos, hasReference: hasReference)
        if attributeCount < attributes.count { attributes[attributeCount] = a } else { attributes.append(a) }
        attributeCount += 1
        pos += 1
    }

    private mutating func endTag() throws -> Event {
        var p = pos + 2
        let n = b.count
        nameStart = p
        while p < n && !isSpace(b[p]) && b[p] != UInt8(ascii: ">") { p += 1 }
        pos = p
        nameEnd = p
        while pos < b.count && isSpace(b[pos]) { pos += 1 }
        guard pos < b.count, b[pos] == UInt8(ascii: ">") else {
            throw input.error(at: pos, "expected '>' closing </\(text(nameStart, nameEnd))>, found \(input.found(at: pos))")
        }
        pos += 1
        guard let last = open.last else {
            throw input.error(at: tokenStart, "expected an XML element, found </\(text(nameStart, nameEnd))> with nothing open")
        }
        guard equal(last.start, last.end, nameStart, nameEnd) else {
            throw input.error(at: tokenStart, "expected </\(text(last.start, last.end))>, found </\(text(nameStart, nameEnd))>")
        }
        open.removeLast()
        return .end
    }

    // MARK: skipping

    private func startsWith(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard pos + n <= b.count else { return false }
        let p = s.utf8Start
        for i in 0..<n where b[pos + i] != p[i] { return false }
        return true
    }

    /// Moves `pos` past the next `terminator`.
    private mutating func skip(past terminator: StaticString, what: String) throws {
        let start = pos
        pos += 2
        while pos < b.count {
            if startsWith(terminator) { pos += terminator.utf8CodeUnitCount; return }
            pos += 1
        }
        pos = start
        throw input.error(at: b.count, "expected \(what) opened at line \(input.location(of: start).line), found end of file")
    }

    /// `<!DOCTYPE …>` with an optional `[…]` internal subset.
    private mutating func skipDeclaration() throws {
        let start = pos
        var bracket = 0
        var quote: UInt8 = 0
        pos += 2
        while pos < b.count {
            let c = b[pos]
            pos += 1
            if quote != 0 { if c == quote { quote = 0 }; continue }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = c
            case UInt8(ascii: "["): bracket += 1
            case UInt8(ascii: "]"): bracket -= 1
            case UInt8(ascii: ">") where bracket <= 0: return
            default: break
            }
        }
        throw input.error(at: b.count, "expected '>' closing the declaration opened at line \(input.location(of: start).line), found end of file")
    }

    // MARK: helpers

    @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    func equal(_ a0: Int, _ a1: Int, _ b0: Int, _ b1: Int) -> Bool {
        guard a1 - a0 == b1 - b0 else { return false }
        for i in 0..<(a1 - a0) where b[a0 + i] != b[b0 + i] { return false }
        return true
    }

    /// The current tag's name is `s`.
    func nameIs(_ s: StaticString) -> Bool { bytesEqual(nameStart, nameEnd, s) }

    func bytesEqual(_ start: Int, _ end: Int, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard end - start == n else { return false }
        let p = s.utf8Start
        for i in 0..<n where b[start + i] != p[i] { return false }
        return true
    }

    /// Index of the current start tag's attribute called `s`.
    func attribute(_ s: StaticString) -> Int? {
        for i in 0..<attributeCount where bytesEqual(attributes[i].nameStart, attributes[i].nameEnd, s) { return i }
        return nil
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }

    var name: String { text(nameStart, nameEnd) }

    /// Appends the bytes in `start..<end` to `out`, character references decoded.
    func appendDecoded(_ start: Int, _ end: Int, hasReference: Bool, to out: inout [UInt8]) throws {
        guard hasReference else { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<end])); return }
        do {
            try CharacterReferences.decode(b, start, end, into: &out, strict: true)
        } catch .bad(let at) {
            throw input.error(at: at, "expected a character reference (&amp; &lt; &gt; &quot; &apos; &#N; &#xN;), found \(input.found(at: at))")
        }
    }
}
