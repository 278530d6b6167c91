/// Edge lists: whitespace-separated, CSV or TSV, one edge a line.
///
/// - `#` and `%` start comment lines (and, in whitespace lists, a comment
///   after the fields).
/// - A first line of column names is detected (`source,target,weight`, …);
///   with one, the `weight` column is the weight and other columns are kept
///   as edge attributes.
/// - Without a header, a third column is the weight and must be a number;
///   further columns are kept as attributes `col4`, `col5`, ….
/// - A line with a single id adds an isolated node.
/// - Fields may be quoted with `"…"` (`""` inside is a quote), so ids may hold
///   separators.
enum EdgeListReader {
    /// Ids and fields longer than this are refused: no real id is a megabyte,
    /// and a file that is one long line should fail fast, not crawl.
    static let maxFieldBytes = 1 << 16
    static let maxColumns = 1024

    static let sourceNames: Set<String> = ["source", "src", "from", "u", "node1", "node_1", "id1", "source_id", "sourceid", "from_node", "head", "start", "i"]
    static let targetNames: Set<String> = ["target", "dst", "to", "v", "node2", "node_2", "id2", "target_id", "targetid", "to_node", "tail", "end", "j"]
    static let weightNames: Set<String> = ["weight", "w", "value", "weights", "strength"]

    static func read(_ input: TextInput, format: GraphFormat, options: ReadOptions) throws -> Graph {
        var builder = GraphBuilder(directed: options.directed ?? false)
        builder.reserve(nodes: input.bytes.count / 40, edges: input.bytes.count / 12)
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = Parser(b: b, input: input, separator: format == .csv ? UInt8(ascii: ",") : format == .tsv ? 0x09 : nil)
            try parser.run(&builder)
        }
        return builder.build()
    }

    private struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        let input: TextInput
        /// nil: runs of spaces and tabs separate fields.
        let separator: UInt8?
        var fieldStart: [Int] = []
        var fieldEnd: [Int] = []
        var fieldQuoted: [Bool] = []
        var unescaped: [UInt8] = []
        var sawFirstDataLine = false
        var sourceColumn = 0, targetColumn = 1
        var weightColumn: Int? = 2
        var attributeNames: [Int: String] = [:]

        init(b: UnsafeBufferPointer<UInt8>, input: TextInput, separator: UInt8?) {
            self.b = b
            self.input = input
            self.separator = separator
        }

        mutating func run(_ builder: inout GraphBuilder) throws {
            var pos = 0
            let n = b.count
            if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3 }  // UTF-8 BOM
            while pos < n {
                var lineEnd = pos
                while lineEnd < n && b[lineEnd] != 0x0A { lineEnd += 1 }
                var contentEnd = lineEnd
                if contentEnd > pos && b[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                try line(pos, contentEnd, &builder)
                pos = lineEnd + 1
            }
        }

        @inline(__always) func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

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
                throw input.error(at: fieldStart[count - 1], "expected \(max(sourceColumn, targetColumn) + 1) fields (source and target), found \(count)")
            }
            let u = try intern(sourceColumn, &builder)
            let v = try intern(targetColumn, &builder)
            var weight: Double? = nil
            if let wc = weightColumn, wc < count {
                guard let w = NumberParsing.double(b, fieldStart[wc], fieldEnd[wc]), !w.isNaN else {
                    throw input.error(at: fieldStart[wc], "expected a number for the edge weight, found \(input.found(at: fieldStart[wc]))" +
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

        /// Splits [start, end) into fields, honouring quotes.
        mutating func split(_ start: Int, _ end: Int) throws {
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
                            throw input.error(at: open, "unterminated quoted field: no closing '\"' before the end of the line")
                        }
                        if b[i] == UInt8(ascii: "\"") {
                            if i + 1 < end && b[i + 1] == UInt8(ascii: "\"") { i += 2; continue }
                            break
                        }
                        i += 1
                    }
                    fe = i
                    i += 1
                    if separator == nil {
                        if i < end && !isBlank(b[i]) { throw input.error(at: i, "expected a space after the closing quote, found \(input.found(at: i))") }
                    } else {
                        while i < end && b[i] == 0x20 { i += 1 }
                        if i < end && b[i] != separator! { throw input.error(at: i, "expected '\(Character(Unicode.Scalar(separator!)))' after the closing quote, found \(input.found(at: i))") }
                    }
                } else {
                    fs = i
                    if let sep = separator {
                        while i < end && b[i] != sep {
                            i += 1
                            if i - fs > maxFieldBytes { break }
                        }
                        var e = i
                        while e > fs && b[e - 1] == 0x20 { e -= 1 }
                        fe = e
                    } else {
                        while i < end && !isBlank(b[i]) {
                            i += 1
                            if i - fs > maxFieldBytes { break }  // refused below without scanning the rest
                        }
                        fe = i
                    }
                }
                if fe - fs > maxFieldBytes {
                    throw input.error(at: fs, "a field of more than \(maxFieldBytes) bytes: this does not look like an edge list")
                }
                fieldStart.append(fs)
                fieldEnd.append(fe)
                fieldQuoted.append(quoted)
                if fieldStart.count > maxColumns {
                    throw input.error(at: fs, "more than \(maxColumns) columns on one line: this does not look like an edge list")
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
                throw input.error(at: s, "expected a node id, found an empty field")
            }
            if fieldQuoted[c] {
                unescaped.removeAll(keepingCapacity: true)
                var i = s
                while i < e {
                    unescaped.append(b[i])
                    i += b[i] == UInt8(ascii: "\"") ? 2 : 1
                }
                return unescaped.withUnsafeBufferPointer { builder.node(bytes: $0) }
            }
            return builder.node(bytes: UnsafeBufferPointer(rebasing: b[s..<e]))
        }

        /// Looks at the first data line: column names, or data?
        mutating func detectHeader() -> Bool {
            let names = (0..<fieldStart.count).map { text($0).lowercased() }
            let numeric = (0..<fieldStart.count).map { NumberParsing.double(b, fieldStart[$0], fieldEnd[$0]) != nil }
            let known = names.enumerated().filter { sourceNames.contains($0.element) || targetNames.contains($0.element) || weightNames.contains($0.element) }
            let isHeader: Bool
            if names.count >= 2 && sourceNames.contains(names[0]) && targetNames.contains(names[1]) {
                isHeader = true
            } else if names.count >= 3 && !numeric[2] && weightNames.contains(names[2]) {
                isHeader = true
            } else {
                isHeader = !known.isEmpty && names.count >= 2 && names.allSatisfy { !$0.isEmpty } && !numeric.contains(true) &&
                    known.count >= 2
            }
            guard isHeader else { return false }
            if let s = names.firstIndex(where: { sourceNames.contains($0) }),
               let t = names.firstIndex(where: { targetNames.contains($0) }), s != t {
                sourceColumn = s
                targetColumn = t
            }
            weightColumn = names.firstIndex { weightNames.contains($0) }
            for c in 0..<names.count where c != sourceColumn && c != targetColumn && c != weightColumn {
                attributeNames[c] = text(c)
            }
            return true
        }
    }
}
