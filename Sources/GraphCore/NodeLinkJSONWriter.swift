/// Writes a graph as NetworkX node-link JSON (`networkx.node_link_graph`
/// reads it, with its default `edges="edges"`), one node or edge a line.
///
/// Ids that are plain decimal integers (`0`, `-12`, no leading zeros, at most
/// 15 digits) are written as JSON numbers, others as strings, so a graph of
/// integer nodes comes back with integer nodes. Non-finite attribute values
/// are written as Python's `NaN`, `Infinity` and `-Infinity`, which Python's
/// `json` (and Tangle) read but strict JSON parsers do not. Node attributes
/// named `id` and edge attributes named `source`, `target` or `weight` are
/// left out: those keys carry the graph itself.
public enum NodeLinkJSONWriter {
    /// The graph as node-link JSON text.
    public static func write(_ g: Graph) -> String {
        var out = ""
        out.reserveCapacity(64 + g.nodeCount * 24 + g.edgeCount * 40)
        out += "{\"directed\": \(g.isDirected), \"multigraph\": false, \"graph\": {"
        var first = true
        for key in g.graphAttributes.keys.sorted() {
            guard let value = g.graphAttributes[key] else { continue }
            out += first ? "" : ", "
            first = false
            appendString(key, to: &out)
            out += ": "
            appendValue(value, to: &out)
        }
        out += "},\n\"nodes\": ["
        for node in 0..<g.nodeCount {
            out += node == 0 ? "\n" : ",\n"
            out += "{\"id\": "
            appendID(g.nodeIDs[node], to: &out)
            for (key, value) in g.nodeAttributes.values(of: node) where key != "id" {
                out += ", "
                appendString(key, to: &out)
                out += ": "
                appendValue(value, to: &out)
            }
            out += "}"
        }
        out += "],\n\"edges\": ["
        var firstEdge = true
        let weighted = g.isWeighted
        g.forEachEdge { u, v, w in
            out += firstEdge ? "\n" : ",\n"
            firstEdge = false
            out += "{\"source\": "
            appendID(g.nodeIDs[u], to: &out)
            out += ", \"target\": "
            appendID(g.nodeIDs[v], to: &out)
            if weighted {
                out += ", \"weight\": "
                appendDouble(w, to: &out)
            }
            if let attributes = g.edgeAttributes[EdgeKey(Int32(u), Int32(v), directed: g.isDirected)] {
                for key in g.edgeAttributeKeys where key != "source" && key != "target" && key != "weight" {
                    guard let value = attributes[key] else { continue }
                    out += ", "
                    appendString(key, to: &out)
                    out += ": "
                    appendValue(value, to: &out)
                }
            }
            out += "}"
        }
        out += "]}\n"
        return out
    }

    static func appendID(_ id: String, to out: inout String) {
        if isPlainInteger(id) { out += id } else { appendString(id, to: &out) }
    }

    /// `0` or `-?[1-9][0-9]*` with at most 15 digits: safe as a JSON number in any reader.
    static func isPlainInteger(_ s: String) -> Bool {
        var digits = s.utf8[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard let first = digits.first, digits.count <= 15 else { return false }
        if first == UInt8(ascii: "0") && (digits.count > 1 || negative) { return false }
        return digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    static func appendValue(_ value: AttributeValue, to out: inout String) {
        switch value {
        case .string(let s): appendString(s, to: &out)
        case .int(let i): out += String(i)
        case .double(let d): appendDouble(d, to: &out)
        case .bool(let b): out += b ? "true" : "false"
        }
    }

    static func appendDouble(_ d: Double, to out: inout String) {
        if d.isNaN { out += "NaN" }
        else if d.isInfinite { out += d < 0 ? "-Infinity" : "Infinity" }
        else { out += "\(d)" }  // shortest text that reads back exactly, e.g. 2.5, 1e-05
    }

    /// A JSON string literal; non-ASCII text is written as UTF-8.
    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        var plainStart = s.unicodeScalars.startIndex
        var i = plainStart
        let scalars = s.unicodeScalars
        while i < scalars.endIndex {
            let c = scalars[i]
            let escape: String?
            switch c {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escape = nil
                }
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[plainStart..<i])
                out += escape
                plainStart = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        out.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        out += "\""
    }
}
