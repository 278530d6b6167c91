#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The line-by-line state machine behind `EdgeListReader`.
///
/// It is fed a buffer at a time (the whole input, or consecutive chunks of a
/// stream) and parses every complete line in it; the caller keeps the
/// unfinished tail and hands it back with more bytes. Line numbers are counted
/// as lines are parsed, so errors name LINE:COL without the whole file in
/// memory. Plain two- or three-column lines take `fastLine`; anything unusual
/// (quotes, comments, headers, odd spacing, errors) takes the general path.
struct EdgeListParser {
    typealias Limits = EdgeListReader

    let source: String
    /// nil: runs of spaces and tabs separate fields.
    let separator: UInt8?
    /// Off only in tests that compare the fast path with the general one.
    var fastPathEnabled = true

    /// The current buffer; offsets below are into it.
    var b = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// 1-based number of the line being parsed, and its first byte in `b`.
    var lineNumber = 1
    var lineStart = 0
    /// Bytes of the current line before `lineStart` that count for columns (a BOM).
    var columnBias = 0
    var atStart = true
    /// Inside a comment line longer than a buffer: skip to its end.
    var skippingComment = false

    var fieldStart: [Int] = []
    var fieldEnd: [Int] = []
    var fieldQuoted: [Bool] = []
    var unescaped: [UInt8] = []
    var sawFirstDataLine = false
    var sourceColumn = 0, targetColumn = 1
    var weightColumn: Int? = 2
    var attributeNames: [Int: String] = [:]

    init(source: String, separator: UInt8?) {
        self.source = source
        self.separator = separator
    }

    /// Parses the complete lines of `buffer` (and, when `final`, the last
    /// one without a newline too); returns how many bytes it used.
    mutating func parse(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool, _ builder: inout GraphBuilder) throws -> Int {
        b = buffer
        let n = b.count
        guard n > 0, let base = b.baseAddress else { return 0 }
        var pos = 0
        if atStart {
            if n < 3 && !final { return 0 }
            atStart = false
            if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3; columnBias = 3 }  // UTF-8 BOM
        }
        if skippingComment {
            guard let nl = memchr(base, 0x0A, n) else { return n }
            skippingComment = false
            pos = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
            nextLine()
        }
        let fast = fastPathEnabled
        while pos < n {
            lineStart = pos
            if fast && sawFirstDataLine {
                let next = fastLine(pos, n, final, &builder)
                if next >= 0 { pos = next; nextLine(); continue }
                if next == Self.needMore { return pos }
            }
            // The general path: find the line's end, then split it into fields.
            var lineEnd = n
            if let nl = memchr(base + pos, 0x0A, n - pos) {
                lineEnd = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            } else if !final {
                return pos
            }
            var contentEnd = lineEnd
            if contentEnd > pos && b[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            try line(pos, contentEnd, &builder)
            pos = lineEnd + 1
            nextLine()
        }
        return min(pos, n)
    }

    @inline(__always) mutating func nextLine() {
        lineNumber += 1
        columnBias = 0
    }

    /// Called when one unfinished line fills the whole buffer: throws the error
    /// that line is bound to get (a field or column count over the limits)
    /// as soon as it shows, so a 1 GB line fails fast; a comment line is skipped.
    mutating func checkUnfinishedLine(_ buffer: UnsafeBufferPointer<UInt8>) throws {
        b = buffer
        lineStart = 0
        var i = 0
        while i < b.count && isBlank(b[i]) { i += 1 }
        if i < b.count && (b[i] == UInt8(ascii: "#") || b[i] == UInt8(ascii: "%")) {
            skippingComment = true
            return
        }
        try split(i, b.count, unfinished: true)
    }

    @inline(__always) func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    // MARK: errors

    /// An error at offset `at` of the current line.
    func error(at offset: Int, _ message: String) -> GraphError {
        GraphError(source: source, line: lineNumber, column: offset - lineStart + 1 + columnBias, message)
    }

    /// What stands at `offset`, as `TextInput.found` shows it.
    func found(at offset: Int) -> String {
        TextInput.found(in: b, at: offset)
    }

    // MARK: the general path

    mutating func line(_ start: Int, _ end: Int, _ builder: inout GraphBuilder) throws {
        var i = start
        while i < end && isBlank(b[i]) { i += 1 }
        if i == end || b[i] == UInt8(ascii: "#") || b[i] == UInt8(ascii: "%") { return }
        try split(i, end)
        if fieldStart.isEmpty { return }
        if !sawFirstDataLine {
            sawFirstDataLine = true
            if detectHeader() { return }
        }
        let count = fieldStart.count
        guard count > max(sourceColumn, targetColumn) else {
            // One id alone on a line (source in the first column): an isolated node.
            if count == 1 && sourceColumn == 0 { _ = try intern(0, &builder); return }
            throw error(at: fieldStart[count - 1], "expected \(max(sourceColumn, targetColumn) + 1) fields (source and target), found \(count)")
        }
        let u = try intern(sourceColumn, &builder)
        let v = try intern(targetColumn, &builder)
        var weight: Double? = nil
        if let wc = weightColumn, wc < count {
            guard let w = NumberParsing.double(b, fieldStart[wc], fieldEnd[wc]), !w.isNaN else {
                throw error(at: fieldStart[wc], "expected a number for the edge weight, found \(found(at: fieldStart[wc]))" +
                            (attributeNames.isEmpty ? " (a header line naming the columns makes other columns attributes)" : ""))
            }
            weight = w
        }
        builder.addEdge(u, v, weight: weight)
        if count > 2 {
            for c in 0..<count where c != sourceColumn && c != targetColumn && c != weightColumn {
                let name = attributeNames[c] ?? "col\(c + 1)"
                builder.setEdgeAttribute(u, v, name, .inferred(text(c)))
            }
        }
    }

    /// Splits [start, end) into fields, honouring quotes. An `unfinished`
    /// line may stop inside a quoted field: that is no error yet.
    mutating func split(_ start: Int, _ end: Int, unfinished: Bool = false) throws {
        fieldStart.removeAll(keepingCapacity: true)
        fieldEnd.removeAll(keepingCapacity: true)
        fieldQuoted.removeAll(keepingCapacity: true)
        var i = start
        while i <= end {
            if separator == nil {
                while i < end && isBlank(b[i]) { i += 1 }
                if i == end { break }
                if b[i] == UInt8(ascii: "#") { break }  // trailing comment
            } else {
                while i < end && b[i] == 0x20 { i += 1 }  // spaces after a comma
            }
            let fs: Int, fe: Int
            var quoted = false
            if i < end && b[i] == UInt8(ascii: "\"") {
                quoted = true
                let open = i
                i += 1
                fs = i
                while true {
                    guard i < end else {
                        if unfinished { return }
                        throw error(at: open, "unterminated quoted field: no closing '\"' before the end of the line")
                    }
                    if b[i] == UInt8(ascii: "\"") {
                        if i + 1 < end && b[i + 1] == UInt8(ascii: "\"") { i += 2; continue }
                        break
                    }
                    i += 1
                }
                fe = i
                i += 1
                // An unfinished line may not yet hold all the text these messages quote.
                if separator == nil {
                    if i < end && !isBlank(b[i]) {
                        if unfinished && i + 21 > end { return }
                        throw error(at: i, "expected a space after the closing quote, found \(found(at: i))")
                    }
                } else {
                    while i < end && b[i] == 0x20 { i += 1 }
                    if i < end && b[i] != separator! {
                        if unfinished && i + 21 > end { return }
                        throw error(at: i, "expected '\(Character(Unicode.Scalar(separator!)))' after the closing quote, found \(found(at: i))")
                    }
                }
            } else {
                fs = i
                if let sep = separator {
                    while i < end && b[i] != sep {
                        i += 1
                        if i - fs > Limits.maxFieldBytes { break }
                    }
                    var e = i
                    while e > fs && b[e - 1] == 0x20 { e -= 1 }
                    fe = e
                } else {
                    while i < end && !isBlank(b[i]) {
                        i += 1
                        if i - fs > Limits.maxFieldBytes { break }  // refused below without scanning the rest
                    }
                    fe = i
                }
            }
            if fe - fs > Limits.maxFieldBytes {
                throw error(at: fs, "a field of more than \(Limits.maxFieldBytes) bytes: this does not look like an edge list")
            }
            fieldStart.append(fs)
            fieldEnd.append(fe)
            fieldQuoted.append(quoted)
            if fieldStart.count > Limits.maxColumns {
                throw error(at: fs, "more than \(Limits.maxColumns) columns on one line: this does not look like an edge list")
            }
            if separator == nil { continue }
            if i >= end { break }
            i += 1  // past the separator
            if i == end { fieldStart.append(end); fieldEnd.append(end); fieldQuoted.append(false); break }
        }
    }

    /// The field's text, quotes undone.
    func text(_ c: Int) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: b[fieldStart[c]..<fieldEnd[c]]), as: UTF8.self)
        guard fieldQuoted[c] else { return raw }
        var out = ""
        var previousWasQuote = false
        for ch in raw {
            if ch == "\"" && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = ch == "\""
            out.append(ch)
        }
        return out
    }

    mutating func intern(_ c: Int, _ builder: inout GraphBuilder) throws -> Int32 {
        let s = fieldStart[c], e = fieldEnd[c]
        if s == e && !fieldQuoted[c] {
            throw error(at: s, "expected a node id, found an empty field")
        }
        if fieldQuoted[c] {
            Self.unquote(b, s, e, into: &unescaped)
            return unescaped.withUnsafeBufferPointer { builder.node(bytes: $0) }
        }
        return builder.node(bytes: UnsafeBufferPointer(rebasing: b[s..<e]))
    }

    /// The bytes of a quoted field's content b[s..<e] with each doubled
    /// quote (`""`) made one, in place of what `out` held.
    static func unquote(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = s
        while i < e {
            out.append(b[i])
            i += b[i] == UInt8(ascii: "\"") ? 2 : 1
        }
    }

    /// Looks at the first data line: column names, or data?
    mutating func detectHeader() -> Bool {
        let names = (0..<fieldStart.count).map { text($0).lowercased() }
        let numeric = (0..<fieldStart.count).map { NumberParsing.double(b, fieldStart[$0], fieldEnd[$0]) != nil }
        let known = names.enumerated().filter { Limits.sourceNames.contains($0.element) || Limits.targetNames.contains($0.element) || Limits.weightNames.contains($0.element) }
        let isHeader: Bool
        if names.count >= 2 && Limits.sourceNames.contains(names[0]) && Limits.targetNames.contains(names[1]) {
            isHeader = true
        } else if names.count >= 3 && !numeric[2] && Limits.weightNames.contains(names[2]) {
            isHeader = true
        } else {
            isHeader = !known.isEmpty && names.count >= 2 && names.allSatisfy { !$0.isEmpty } && !numeric.contains(true) &&
                known.count >= 2
        }
        guard isHeader else { return false }
        if let s = names.firstIndex(where: { Limits.sourceNames.contains($0) }),
           let t = names.firstIndex(where: { Limits.targetNames.contains($0) }), s != t {
            sourceColumn = s
            targetColumn = t
        }
        weightColumn = names.firstIndex { Limits.weightNames.contains($0) }
        for c in 0..<names.count where c != sourceColumn && c != targetColumn && c != weightColumn {
            attributeNames[c] = text(c)
        }
        return true
    }
}
