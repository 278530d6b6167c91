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
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = EdgeListParser(source: input.source, separator: separator)
            parser.b = b
            var rows: [Row] = []
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
                    rows.append(Row(fields: (0..<parser.fieldStart.count).map { parser.text($0) },
                                    offsets: parser.fieldStart, offset: pos))
                }
                pos = end + 1
                parser.nextLine()
            }
            return rows
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
    public static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
