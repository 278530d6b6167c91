/// Writes a graph as GraphML that NetworkX, igraph, Gephi and Tangle read back.
///
/// Each attribute column gets one `<key>` whose type fits all its values:
/// `long` for integers, `double` once a real appears among numbers,
/// `boolean`, else `string` (mixed columns are written as text). Weights of
/// a weighted graph go under the edge key `weight` (`double`). Characters XML
/// 1.0 cannot hold (control characters other than tab and newlines) become
/// U+FFFD.
public enum GraphMLWriter {
    /// The graph as a GraphML document.
    public static func write(_ g: Graph) -> String {
        String(decoding: bytes(g), as: UTF8.self)
    }

    /// The graph as the UTF-8 bytes of a GraphML document.
    public static func bytes(_ g: Graph) -> [UInt8] {
        var w = Writer()
        w.document(g)
        return w.out
    }

    private struct Column {
        let id: String
        let name: String
        let type: String
    }

    private struct Writer {
        var out: [UInt8] = []

        mutating func document(_ g: Graph) {
            out.reserveCapacity(64 * (g.nodeCount + g.edgeCount) + 1024)
            raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            raw("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ")
            raw("xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
            var next = 0
            func columns(_ names: [String], _ values: (String) -> [AttributeValue]) -> [Column] {
                names.map { name in
                    defer { next += 1 }
                    return Column(id: "d\(next)", name: name, type: Writer.type(of: values(name)))
                }
            }
            let graphKeys = columns(g.graphAttributes.keys.sorted()) { [g.graphAttributes[$0]!] }
            let nodeKeys = columns(g.nodeAttributes.keys) { g.nodeAttributes.columns[$0]!.compactMap { $0 } }
            let edgeNames = g.edgeAttributeKeys.filter { !(g.isWeighted && $0 == "weight") }
            var edgeValues: [String: [AttributeValue]] = [:]
            for attributes in g.edgeAttributes.values {
                for (k, v) in attributes { edgeValues[k, default: []].append(v) }
            }
            let edgeKeys = columns(edgeNames) { edgeValues[$0] ?? [] }
            let weightKey = g.isWeighted ? Column(id: "d\(next)", name: "weight", type: "double") : nil
            for (domain, keys) in [("graph", graphKeys), ("node", nodeKeys), ("edge", edgeKeys + (weightKey.map { [$0] } ?? []))] {
                for k in keys {
                    raw("  <key id=\""); raw(k.id); raw("\" for=\""); raw(domain); raw("\" attr.name=\"")
                    escaped(k.name); raw("\" attr.type=\""); raw(k.type); raw("\"/>\n")
                }
            }
            raw("  <graph edgedefault=\""); raw(g.isDirected ? "directed" : "undirected"); raw("\">\n")
            for k in graphKeys { data(k, g.graphAttributes[k.name]!, indent: "    ") }
            for u in 0..<g.nodeCount {
                raw("    <node id=\""); escaped(g.nodeIDs[u])
                let values = nodeKeys.compactMap { k in g.nodeAttributes.value(k.name, u).map { (k, $0) } }
                if values.isEmpty { raw("\"/>\n"); continue }
                raw("\">\n")
                for (k, v) in values { data(k, v, indent: "      ") }
                raw("    </node>\n")
            }
            let directed = g.isDirected
            g.forEachEdge { u, v, weight in
                raw("    <edge source=\""); escaped(g.nodeIDs[u]); raw("\" target=\""); escaped(g.nodeIDs[v]); raw("\"")
                let attributes = edgeKeys.isEmpty ? nil : g.edgeAttributes[EdgeKey(Int32(u), Int32(v), directed: directed)]
                if weightKey == nil && (attributes?.isEmpty ?? true) { raw("/>\n"); return }
                raw(">\n")
                if let attributes {
                    for k in edgeKeys { if let value = attributes[k.name] { data(k, value, indent: "      ") } }
                }
                if let weightKey { data(weightKey, .double(weight), indent: "      ") }
                raw("    </edge>\n")
            }
            raw("  </graph>\n</graphml>\n")
        }

        /// The narrowest GraphML type that holds every value.
        static func type(of values: [AttributeValue]) -> String {
            var ints = 0, doubles = 0, bools = 0
            for v in values {
                switch v {
                case .int: ints += 1
                case .double: doubles += 1
                case .bool: bools += 1
                case .string: return "string"
                }
            }
            if bools > 0 { return bools == values.count ? "boolean" : "string" }
            return doubles > 0 ? "double" : "long"
        }

        mutating func data(_ k: Column, _ v: AttributeValue, indent: String) {
            raw(indent); raw("<data key=\""); raw(k.id); raw("\">")
            switch v {
            case .string(let s): escaped(s)
            case .int(let i): raw(k.type == "double" ? "\(Double(i))" : String(i))
            case .double(let d): raw(k.type == "long" ? formatNumber(d) : "\(d)")
            case .bool(let b): raw(k.type == "boolean" ? (b ? "true" : "false") : v.text)
            }
            raw("</data>\n")
        }

        mutating func raw(_ s: String) {
            out.append(contentsOf: s.utf8)
        }

        /// Text safe in attribute values and character data alike.
        mutating func escaped(_ s: String) {
            for c in s.utf8 {
                switch c {
                case UInt8(ascii: "&"): raw("&amp;")
                case UInt8(ascii: "<"): raw("&lt;")
                case UInt8(ascii: ">"): raw("&gt;")
                case UInt8(ascii: "\""): raw("&quot;")
                // Attribute values turn raw tabs and newlines into spaces; references keep them.
                case 0x09: raw("&#9;")
                case 0x0A: raw("&#10;")
                case 0x0D: raw("&#13;")
                case 0..<0x20: out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                default: out.append(c)
                }
            }
        }
    }
}
