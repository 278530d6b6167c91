/// Rows of a CSV or TSV table (node tables, positions files), split by the
/// edge-list reader's field splitter: the one CSV tokenizer in Tangle, so
/// quoting (`"a, b"`, `""` for a quote) and its errors are the same
/// everywhere. A quoted field cannot span lines, as in edge lists.
public enum DelimitedRows {
    public struct Row: Sendable {
        /// Field texts, quotes undone.
        public var fields: [String]
        /// Byte offset of each field in the input, for `TextInput.error(at:)`.
        public var offsets: [Int]
        /// Byte offset of the row's first byte.
        public var offset: Int
    }

    /// Every non-blank line of `input` split at `separator` (`,` or tab).
    public static func parse(_ input: TextInput, separator: UInt8) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(input, separator: separator) { f in
            rows.append(Row(fields: (0..<f.count).map { f.text($0) }, offsets: f.parser.fieldStart, offset: f.offset))
        }
        return rows
    }

    /// One row's fields, read in place (no text is built unless asked for).
    /// Valid only inside the body of ``forEachRow(_:separator:_:)``.
    public struct Fields {
        let parser: EdgeListParser
        /// Byte offset of the row's first byte.
        public let offset: Int
        public var count: Int { parser.fieldStart.count }
        /// Byte offset of field `c` in the input, for `TextInput.error(at:)`.
        public func start(_ c: Int) -> Int { parser.fieldStart[c] }
        /// The field's text, quotes undone.
        public func text(_ c: Int) -> String { parser.text(c) }
        /// The field as a number, spaces and tabs around it ignored; nil when
        /// it is not one (the same numbers `Double(String)` accepts).
        public func double(_ c: Int) -> Double? {
            var s = parser.fieldStart[c], e = parser.fieldEnd[c]
            let b = parser.b
            while s < e && (b[s] == 0x20 || b[s] == 0x09) { s += 1 }
            while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
            guard s < e else { return nil }
            if parser.fieldQuoted[c] && b[s..<e].contains(UInt8(ascii: "\"")) { return nil }
            return NumberParsing.double(b, s, e)
        }
        /// The field's bytes, quotes undone.
        public func withBytes<R>(_ c: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
            let s = parser.fieldStart[c], e = parser.fieldEnd[c]
            if !parser.fieldQuoted[c] { return try body(UnsafeBufferPointer(rebasing: parser.b[s..<e])) }
            var bytes: [UInt8] = []
            EdgeListParser.unquote(parser.b, s, e, into: &bytes)
            return try bytes.withUnsafeBufferPointer(body)
        }
    }

    /// Calls `body` with every non-blank line of `input` split at `separator`,
    /// in order, without building a string per field.
    public static func forEachRow(_ input: TextInput, separator: UInt8, _ body: (Fields) throws -> Void) throws {
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = EdgeListParser(source: input.source, separator: separator)
            parser.b = b
            var pos = 0
            if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3; parser.columnBias = 3 }
            while pos < b.count {
                var end = pos
                while end < b.count && b[end] != 0x0A { end += 1 }
                var contentEnd = end
                if contentEnd > pos && b[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                parser.lineStart = pos
                var blank = true
                for i in pos..<contentEnd where !parser.isBlank(b[i]) { blank = false; break }
                if !blank {
                    try parser.split(pos, contentEnd)
                    try body(Fields(parser: parser, offset: pos))
                }
                pos = end + 1
                parser.nextLine()
            }
        }
    }

    /// The separator a table file uses: tab for `.tsv`/`.tab`, else the
    /// first line decides (a tab and no comma: tab), else comma.
    public static func separator(path: String, bytes: [UInt8]) -> UInt8 {
        let lower = path.lowercased()
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return 0x09 }
        if lower.hasSuffix(".csv") { return UInt8(ascii: ",") }
        let firstLine = bytes.prefix { $0 != 0x0A }
        return firstLine.contains(0x09) && !firstLine.contains(UInt8(ascii: ",")) ? 0x09 : UInt8(ascii: ",")
    }

    /// A field as CSV writes it: quoted when it holds a comma, quote or line break.
    /// Looks at bytes, not characters: "\r\n" is one Character and a quote
    /// may carry a combining mark, and neither may slip through unquoted.
    public static func quoted(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(s.utf8.count + 4)
        for b in s.utf8 {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

}
