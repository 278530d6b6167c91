/// Writes a graph as an edge list, one edge a line, that Tangle's edge-list
/// reader reads back (and NetworkX's `read_edgelist` / igraph's `read_ncol`
/// read the whitespace style when ids have no spaces).
///
/// - `.whitespace`: `SOURCE TARGET [WEIGHT]`, no header.
/// - `.csv`: a header `source,target[,weight][,attribute…]`, then one row an
///   edge; edges without a value for an attribute get an empty field.
/// - The weight column appears only for weighted graphs. Nodes without edges
///   are written as a line holding just their id.
/// - Ids (and CSV fields) that could be misread are quoted with `"…"`, a quote
///   inside doubled: empty ids, ids with blanks (CSV: commas) or quotes, and ids
///   starting with `#` or `%` (comment markers). A line break inside an id
///   cannot be written to a line-based file and is written as a space.
/// - An edge list does not say whether it is directed: read it back with
///   `--directed` for directed graphs.
public enum EdgeListWriter {
    public enum Style: Sendable { case whitespace, csv }

    /// The graph as edge-list text in `style`.
    public static func write(_ g: Graph, style: Style = .whitespace) -> String {
        var out = ""
        out.reserveCapacity(g.edgeCount * 16 + g.nodeCount * 4)
        let csv = style == .csv
        let separator = csv ? "," : " "
        let weighted = g.isWeighted
        let ids = g.nodeIDs.map { field($0, csv: csv) }
        let attributeKeys = csv ? g.edgeAttributeKeys.filter { $0 != "source" && $0 != "target" && $0 != "weight" } : []
        if csv {
            var header = ["source", "target"]
            if weighted { header.append("weight") }
            header += attributeKeys.map { field($0, csv: true) }
            out += header.joined(separator: ",") + "\n"
        }
        var first = true
        g.forEachEdge { u, v, w in
            if first && !csv && looksLikeHeader(g.nodeIDs[u], g.nodeIDs[v]) {
                // A first line like `from to` would be taken for column names; a
                // line with one id (just declaring the node) is never a header.
                out += ids[u] + "\n"
            }
            first = false
            out += ids[u]
            out += separator
            out += ids[v]
            if weighted {
                out += separator
                out += formatNumber(w)
            }
            if !attributeKeys.isEmpty {
                let attributes = g.edgeAttributes[EdgeKey(Int32(u), Int32(v), directed: g.isDirected)]
                for key in attributeKeys {
                    out += ","
                    if let value = attributes?[key] { out += field(value.text, csv: true) }
                }
            }
            out += "\n"
        }
        for node in 0..<g.nodeCount where g.degree(node) == 0 {
            out += ids[node] + "\n"
        }
        return out
    }

    static func looksLikeHeader(_ a: String, _ b: String) -> Bool {
        let names = EdgeListReader.sourceNames.union(EdgeListReader.targetNames).union(EdgeListReader.weightNames)
        return names.contains(a.lowercased()) || names.contains(b.lowercased())
    }

    /// The text as one field, quoted when the reader would otherwise split or skip it.
    static func field(_ text: String, csv: Bool) -> String {
        var s = text
        if s.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            s = String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
        }
        let needsQuotes = s.isEmpty || s.hasPrefix("#") || s.hasPrefix("%") || s.hasPrefix("\"") || s.contains("\"")
            || (csv ? s.contains(",") || s.hasPrefix(" ") || s.hasSuffix(" ")
                    : s.contains { $0 == " " || $0 == "\t" })
        guard needsQuotes else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }
}

fileprivate extension String {
    /// This string with every `target` character replaced by `replacement`
    /// (GraphCore does without Foundation's `replacingOccurrences`).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
