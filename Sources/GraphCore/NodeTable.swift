/// A table of node attributes (CSV, TSV or JSON records) joined onto a
/// graph: `--nodes FILE`.
///
/// The key column is `id` (any case) when there is one, else the first
/// column. Each other column becomes a node attribute; CSV and TSV columns
/// are typed as a whole: integers when every non-empty cell is one, else
/// reals when every one is a number, else strings (JSON values keep their
/// JSON types). Empty cells give no value.
public struct NodeTable: Sendable {
    /// Attribute names, in column order (the key column left out).
    public var columns: [String] = []
    /// One row per node id, in file order.
    public var ids: [String] = []
    public var values: [[AttributeValue?]] = []

    public init() {}

    /// Reads a table file (`-`: standard input), the format from its extension
    /// (`.json`, `.tsv`/`.tab`, else CSV) or its first byte (`[` or `{`: JSON).
    public static func read(_ path: String) throws -> NodeTable {
        let input = try ChunkedInput(path: path)
        var bytes: [UInt8] = []
        try input.readAll(appendingTo: &bytes)
        return try parse(TextInput(bytes: bytes, source: input.source))
    }

    public static func parse(_ input: TextInput) throws -> NodeTable {
        try input.checkText()
        let first = input.bytes.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        if input.source.lowercased().hasSuffix(".json") || first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            return try parseJSON(input)
        }
        let rows = try DelimitedRows.parse(input, separator: DelimitedRows.separator(path: input.source, bytes: input.bytes))
        guard let header = rows.first else {
            throw GraphError(source: input.source, "the node table is empty: expected a header line naming its columns (id first, or a column named id)")
        }
        let names = header.fields
        let key = names.firstIndex { $0.lowercased() == "id" } ?? 0
        var table = NodeTable()
        let kept = names.indices.filter { $0 != key }
        table.columns = kept.map { names[$0].isEmpty ? "column\($0 + 1)" : names[$0] }
        var texts: [[String?]] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            guard row.fields.count <= names.count else {
                throw input.error(at: row.offsets[names.count], "expected \(names.count) columns as the header names, found \(row.fields.count)")
            }
            guard key < row.fields.count, !row.fields[key].isEmpty else {
                throw input.error(at: row.offset, "expected a node id in column \(key + 1) (\(names[key])), found an empty field")
            }
            let id = row.fields[key]
            if seen[id] != nil { throw input.error(at: row.offsets[key], "node id \"\(id)\" appears twice in the table") }
            seen[id] = table.ids.count
            table.ids.append(id)
            texts.append(kept.map { $0 < row.fields.count && !row.fields[$0].isEmpty ? row.fields[$0] : nil })
        }
        // One type a column.
        table.values = Array(repeating: [], count: texts.count)
        for c in kept.indices {
            let cells = texts.map { $0[c] }
            let present = cells.compactMap { $0 }
            let allInt = present.allSatisfy { Int($0.trimmingSpaces) != nil }
            let allNumber = allInt || present.allSatisfy { Double($0.trimmingSpaces).map { !$0.isNaN } ?? false }
            for (r, cell) in cells.enumerated() {
                guard let cell else { table.values[r].append(nil); continue }
                if allInt, let i = Int(cell.trimmingSpaces) { table.values[r].append(.int(i)) }
                else if allNumber, let d = Double(cell.trimmingSpaces) { table.values[r].append(.double(d)) }
                else { table.values[r].append(.string(cell)) }
            }
        }
        return table
    }

    /// `[{"id": …, "column": value, …}, …]`, or `{"nodes": [ … ]}`.
    static func parseJSON(_ input: TextInput) throws -> NodeTable {
        try input.bytes.withUnsafeBufferPointer { b in
            var s = JSONScanner(b, input: input)
            var table = NodeTable()
            var index: [String: Int] = [:]
            var rows: [[String: AttributeValue]] = []
            if try s.peekKind("'[' (a list of records) or '{'") == .object {
                try s.beginObject()
                var found = false
                while let key = try s.nextKey() {
                    if !found && String(decoding: key, as: UTF8.self) == "nodes" {
                        found = true
                        try records(&s, &table, &index, &rows)
                    } else {
                        try s.skipValue()
                    }
                }
                if !found { throw GraphError(source: input.source, "expected a list of records, or an object with \"nodes\": [ … ], found neither") }
            } else {
                try records(&s, &table, &index, &rows)
            }
            try s.expectEnd()
            table.values = rows.map { row in table.columns.map { row[$0] } }
            return table
        }
    }

    private static func records(_ s: inout JSONScanner, _ table: inout NodeTable, _ index: inout [String: Int],
                                _ rows: inout [[String: AttributeValue]]) throws {
        try s.beginArray("'[' to start the list of node records")
        var known = Set<String>()
        var firstKey: String? = nil
        while try s.nextElement() {
            let start = s.valueStart()
            try s.beginObject("'{' to start a node record")
            var fields: [(String, AttributeValue?)] = []
            while let k = try s.nextKey() {
                let name = String(decoding: k, as: UTF8.self)
                switch try s.peekKind() {
                case .object, .array:
                    let capture = ByteScratch()
                    try s.skipValue(capture: capture)
                    fields.append((name, .string(String(decoding: capture.buffer, as: UTF8.self))))
                default:
                    switch try s.readScalar() {
                    case .string(let t): fields.append((name, .string(String(decoding: t, as: UTF8.self))))
                    case .number(let a, let e, let isInteger):
                        if isInteger, let i = s.int(a, e) { fields.append((name, .int(i))) } else { fields.append((name, .double(s.double(a, e)))) }
                    case .bool(let v): fields.append((name, .bool(v)))
                    case .null: fields.append((name, nil))
                    }
                }
            }
            if firstKey == nil { firstKey = fields.first { $0.0.lowercased() == "id" }?.0 ?? fields.first?.0 }
            guard let keyName = firstKey, let idValue = fields.first(where: { $0.0 == keyName })?.1 else {
                throw s.input.error(at: start, "expected \"\(firstKey ?? "id")\" in this node record, found none")
            }
            let id = idValue.text
            if index[id] != nil { throw s.input.error(at: start, "node id \"\(id)\" appears twice in the table") }
            index[id] = table.ids.count
            table.ids.append(id)
            var row: [String: AttributeValue] = [:]
            for (name, value) in fields where name != keyName {
                if known.insert(name).inserted { table.columns.append(name) }
                row[name] = value
            }
            rows.append(row)
        }
    }
}

extension Graph {
    /// This graph with `table`'s columns as node attributes (a column that
    /// the graph already has is overwritten where the table gives a value).
    /// Table ids not in the graph are counted in `unmatched`, and with
    /// `addMissing` added as isolated nodes.
    public func joining(_ table: NodeTable, addMissing: Bool) -> (graph: Graph, unmatched: Int) {
        var index: [String: Int] = [:]
        index.reserveCapacity(nodeCount)
        for (i, id) in nodeIDs.enumerated() { index[id] = i }
        var ids = nodeIDs
        var rowNode = [Int?](repeating: nil, count: table.ids.count)
        var unmatched = 0
        for (r, id) in table.ids.enumerated() {
            if let v = index[id] { rowNode[r] = v; continue }
            unmatched += 1
            if addMissing { rowNode[r] = ids.count; ids.append(id) }
        }
        let n = ids.count
        var attributes = AttributeTable(count: n)
        for key in nodeAttributes.keys {
            let column = nodeAttributes.columns[key]!
            for v in 0..<nodeCount { if let value = column[v] { attributes.set(key, v, value) } }
        }
        for (c, name) in table.columns.enumerated() {
            for (r, node) in rowNode.enumerated() {
                if let node, let value = table.values[r][c] { attributes.set(name, node, value) }
            }
        }
        func extended(_ a: Adjacency) -> Adjacency {
            let last = a.offsets[a.offsets.count - 1]
            return Adjacency(offsets: a.offsets + Array(repeating: last, count: n - nodeCount), targets: a.targets, weights: a.weights)
        }
        let g = Graph(isDirected: isDirected, nodeIDs: ids, out: extended(out), inbound: inbound.map(extended),
                      edgeCount: edgeCount, selfLoopCount: selfLoopCount, nodeAttributes: attributes,
                      edgeAttributes: edgeAttributes, edgeAttributeKeys: edgeAttributeKeys, graphAttributes: graphAttributes)
        return (g, unmatched)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
