/// Writes a graph as GEXF 1.3, which Gephi opens with the layout in place.
///
/// Node positions, colours and sizes go into `viz:position`, `viz:color` and
/// `viz:size` (from `visuals`: by default what the file itself carried, see
/// `FileVisuals`); the `viz.*` attributes the GEXF reader keeps are not
/// written again as plain attributes. A node's `label` attribute is its
/// label. Attribute types are chosen as the GraphML writer chooses them;
/// weights of a weighted graph go in `weight`.
public enum GEXFWriter {
    public static func write(_ g: Graph, visuals: FileVisuals? = nil) -> String {
        String(decoding: bytes(g, visuals: visuals), as: UTF8.self)
    }

    public static func bytes(_ g: Graph, visuals: FileVisuals? = nil) -> [UInt8] {
        var w = Writer()
        w.document(g, visuals ?? FileVisuals(of: g))
        return w.out
    }

    private struct Column {
        let id: String
        let name: String
        let type: String
    }

    private struct Writer {
        var out: [UInt8] = []

        mutating func document(_ g: Graph, _ visuals: FileVisuals) {
            out.reserveCapacity(80 * (g.nodeCount + g.edgeCount) + 1024)
            raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            raw("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" ")
            raw("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ")
            raw("xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n")
            raw("  <meta>\n    <creator>Tangle</creator>\n  </meta>\n")
            raw("  <graph defaultedgetype=\""); raw(g.isDirected ? "directed" : "undirected"); raw("\" mode=\"static\">\n")
            let nodeNames = g.nodeAttributes.keys.filter { $0 != "label" && !$0.hasPrefix("viz.") }
            let nodeKeys = nodeNames.enumerated().map { i, name in
                Column(id: String(i), name: name, type: Self.type(of: g.nodeAttributes.columns[name]!.compactMap { $0 }))
            }
            var edgeValues: [String: [AttributeValue]] = [:]
            for attributes in g.edgeAttributes.values {
                for (k, v) in attributes { edgeValues[k, default: []].append(v) }
            }
            let edgeNames = g.edgeAttributeKeys.filter { $0 != "label" && $0 != "weight" }
            let edgeKeys = edgeNames.enumerated().map { i, name in
                Column(id: String(i), name: name, type: Self.type(of: edgeValues[name] ?? []))
            }
            declarations("node", nodeKeys)
            declarations("edge", edgeKeys)
            raw("    <nodes>\n")
            let alpha = g.nodeAttributes.columns["viz.alpha"]
            for u in 0..<g.nodeCount {
                raw("      <node id=\""); escaped(g.nodeIDs[u]); raw("\" label=\""); escaped(g.label(of: u)); raw("\"")
                let values = nodeKeys.compactMap { k in g.nodeAttributes.value(k.name, u).map { (k, $0) } }
                let hasViz = visuals.positions != nil || visuals.colors != nil || visuals.sizes != nil
                if values.isEmpty && !hasViz { raw("/>\n"); continue }
                raw(">\n")
                attvalues(values)
                if let sizes = visuals.sizes { raw("        <viz:size value=\""); raw(number(sizes[u])); raw("\"/>\n") }
                if let p = visuals.positions {
                    let d = visuals.dimension
                    raw("        <viz:position x=\""); raw(number(p[u * d])); raw("\" y=\""); raw(number(p[u * d + 1]))
                    raw("\" z=\""); raw(d == 3 ? number(p[u * d + 2]) : "0.0"); raw("\"/>\n")
                }
                if let colors = visuals.colors {
                    let c = colors[u]
                    raw("        <viz:color r=\"\(c.r)\" g=\"\(c.g)\" b=\"\(c.b)\"")
                    if let a = alpha?[u]?.number { raw(" a=\""); raw(number(a)); raw("\"") }
                    raw("/>\n")
                }
                raw("      </node>\n")
            }
            raw("    </nodes>\n    <edges>\n")
            let directed = g.isDirected
            var id = 0
            g.forEachEdge { u, v, weight in
                raw("      <edge id=\"\(id)\" source=\""); escaped(g.nodeIDs[u]); raw("\" target=\""); escaped(g.nodeIDs[v]); raw("\"")
                id += 1
                if g.isWeighted { raw(" weight=\""); raw(number(weight)); raw("\"") }
                let attributes = g.edgeAttributes[EdgeKey(Int32(u), Int32(v), directed: directed)]
                if let label = attributes?["label"] { raw(" label=\""); escaped(label.text); raw("\"") }
                let values = edgeKeys.compactMap { k in attributes?[k.name].map { (k, $0) } }
                if values.isEmpty { raw("/>\n"); return }
                raw(">\n")
                attvalues(values)
                raw("      </edge>\n")
            }
            raw("    </edges>\n  </graph>\n</gexf>\n")
        }

        mutating func declarations(_ cls: String, _ keys: [Column]) {
            guard !keys.isEmpty else { return }
            raw("    <attributes class=\""); raw(cls); raw("\" mode=\"static\">\n")
            for k in keys {
                raw("      <attribute id=\""); raw(k.id); raw("\" title=\""); escaped(k.name); raw("\" type=\""); raw(k.type); raw("\"/>\n")
            }
            raw("    </attributes>\n")
        }

        mutating func attvalues(_ values: [(Column, AttributeValue)]) {
            guard !values.isEmpty else { return }
            raw("        <attvalues>\n")
            for (k, v) in values {
                raw("          <attvalue for=\""); raw(k.id); raw("\" value=\"")
                switch v {
                case .string(let s): escaped(s)
                case .int(let i): raw(k.type == "double" ? "\(Double(i))" : String(i))
                case .double(let d): raw(k.type == "long" ? formatNumber(d) : "\(d)")
                case .bool(let b): raw(k.type == "boolean" ? (b ? "true" : "false") : v.text)
                }
                raw("\"/>\n")
            }
            raw("        </attvalues>\n")
        }

        /// The narrowest GEXF type that holds every value.
        static func type(of values: [AttributeValue]) -> String {
            var doubles = 0, bools = 0
            for v in values {
                switch v {
                case .int: break
                case .double: doubles += 1
                case .bool: bools += 1
                case .string: return "string"
                }
            }
            if bools > 0 { return bools == values.count ? "boolean" : "string" }
            return doubles > 0 ? "double" : "long"
        }

        func number(_ d: Double) -> String { d.isFinite ? "\(d)" : "0.0" }

        mutating func raw(_ s: String) { out.append(contentsOf: s.utf8) }

        /// Text safe in attribute values.
        mutating func escaped(_ s: String) {
            for c in s.utf8 {
                switch c {
                case UInt8(ascii: "&"): raw("&amp;")
                case UInt8(ascii: "<"): raw("&lt;")
                case UInt8(ascii: ">"): raw("&gt;")
                case UInt8(ascii: "\""): raw("&quot;")
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
