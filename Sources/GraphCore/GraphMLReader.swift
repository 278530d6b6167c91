/// GraphML, as NetworkX, igraph, Gephi and yEd write it.
///
/// - `<key>` declarations give attribute names, types (`int long float
///   double boolean string`) and `<default>` values; a default fills in for
///   every node or edge that lacks that data (the GraphML rule, and igraph's;
///   NetworkX keeps defaults aside in `G.graph`).
/// - The edge key named `weight` becomes the edge weight (it must be a
///   number); other `<data>` become node, edge or graph attributes.
/// - `edgedefault` (NetworkX's reading: absent means undirected) sets the
///   direction; an edge whose `directed` attribute disagrees is refused, as
///   NetworkX refuses it, since a graph here is all one or the other.
/// - An edge to a node that was never declared adds that node, as NetworkX
///   does; node indices follow first appearance.
/// - Only the first `<graph>` is read. Hyperedges and nested graphs are
///   refused. Ports, `<desc>`, edge ids and elements of other namespaces
///   (`y:…`) are skipped, as is `<data>` with element content (yFiles).
/// - `<data>` naming an undeclared key is kept under the key's id, its type
///   inferred (NetworkX refuses such files; there is no harm in reading them).
enum GraphMLReader {
    static func read(_ input: TextInput, options: ReadOptions) throws -> Graph {
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = GraphMLParser(XMLTokenizer(b, input: input), input: input)
            return try parser.run()
        }
    }
}

/// One `<key>` declaration.
struct GraphMLKey {
    enum Domain { case node, edge, graph, all }
    enum Kind { case int, double, bool, string }
    var id: [UInt8]
    var name: String
    var domain: Domain
    var kind: Kind
    /// As the file wrote it, for messages.
    var typeName = "string"
    var defaultValue: AttributeValue?
    /// The edge key whose data is the edge weight.
    var isWeight: Bool { name == "weight" && (domain == .edge || domain == .all) }

    func applies(to d: Domain) -> Bool { domain == d || domain == .all }
}

struct GraphMLParser {
    var x: XMLTokenizer
    let input: TextInput
    var builder = GraphBuilder(directed: false)
    var keys: [GraphMLKey] = []
    /// Which keys the current element gave data for (defaults fill the rest).
    var seen: [Bool] = []
    var seenList: [Int] = []
    var nodeDefaults: [Int] = [], edgeDefaults: [Int] = [], graphDefaults: [Int] = []
    var scratch: [UInt8] = []
    var edgeData: [(String, AttributeValue)] = []
    var lastKey = 0
    /// The last edge's source: its bytes in the input and its node.
    var lastSource: (Int, Int, Int32)? = nil

    init(_ x: XMLTokenizer, input: TextInput) {
        self.x = x
        self.input = input
        // NetworkX writes about 90 bytes per weighted edge. Nodes are reserved
        // low on purpose: the id table grows as needed, and a small one stays
        // in cache while 20 MB of XML streams past (measured: ~8% less CPU).
        builder.reserve(nodes: input.bytes.count / 1000, edges: input.bytes.count / 90)
    }

    mutating func run() throws -> Graph {
        var event = try x.next()
        while event == .text { event = try x.next() }
        guard event == .start, x.nameIs("graphml") else {
            throw input.error(at: x.tokenStart, "expected <graphml>, found \(input.found(at: x.tokenStart))")
        }
        var sawGraph = false
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("key") {
                    try key()
                } else if x.nameIs("graph") && !sawGraph {
                    sawGraph = true
                    try graph()
                } else {
                    try x.skipElement()
                }
            case .end:
                guard sawGraph else {
                    throw input.error(at: x.tokenStart, "expected <graph> inside <graphml>, found </graphml>")
                }
                while try x.next() != .eof {}
                return builder.build()
            case .text, .eof:
                continue
            }
        }
    }

    // MARK: keys

    mutating func key() throws {
        let at = x.tokenStart
        guard let idIndex = x.attribute("id") else {
            throw input.error(at: at, "expected an id=\"…\" attribute in <key>, found \(input.found(at: at))")
        }
        let id = try attributeBytes(idIndex)
        let name = try x.attribute("attr.name").map { try attributeString($0) } ?? String(decoding: id, as: UTF8.self)
        var domain = GraphMLKey.Domain.all
        if let f = x.attribute("for") {
            switch try attributeString(f) {
            case "node": domain = .node
            case "edge": domain = .edge
            case "graph": domain = .graph
            default: domain = .all  // `all`, and `graphml`, `port`, … which hold nothing we read
            }
        }
        var kind = GraphMLKey.Kind.string
        var type = "string"
        if let t = x.attribute("attr.type") {
            type = try attributeString(t)
            switch type {
            case "int", "long": kind = .int
            case "float", "double": kind = .double
            case "boolean": kind = .bool
            case "string": kind = .string
            default:
                throw input.error(at: x.attributes[t].valueStart,
                                  "expected attr.type int, long, float, double, boolean or string, found '\(PrintableText.quote(type))'")
            }
        }
        let i = keys.count
        keys.append(GraphMLKey(id: id, name: name, domain: domain, kind: kind, typeName: type, defaultValue: nil))
        seen.append(false)
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("default") {
                    let valueAt = x.tokenStart
                    if let c = try content() { keys[i].defaultValue = try convert(c, i, at: valueAt) }
                } else {
                    try x.skipElement()
                }
            case .end:
                let k = keys[i]
                if k.defaultValue != nil {
                    if k.applies(to: .node) { nodeDefaults.append(i) }
                    if k.applies(to: .edge) { edgeDefaults.append(i) }
                    if k.applies(to: .graph) { graphDefaults.append(i) }
                }
                return
            case .text, .eof:
                continue
            }
        }
    }

    /// Index of the key whose id is the value of attribute `a`. An undeclared
    /// key is declared on the spot, named by its id, its values inferred.
    mutating func keyIndex(_ a: XMLTokenizer.Attribute) throws -> Int {
        if !a.hasReference {
            // Data usually repeats the keys in the same order: try the next one first.
            let value = UnsafeBufferPointer(rebasing: x.b[a.valueStart..<a.valueEnd])
            let n = keys.count
            for step in 0..<n {
                let i = (lastKey + 1 + step) % n
                if keys[i].id.count == value.count && keys[i].id.withUnsafeBufferPointer({ Self.same($0, value) }) {
                    lastKey = i
                    return i
                }
            }
        } else {
            scratch.removeAll(keepingCapacity: true)
            try x.appendDecoded(a.valueStart, a.valueEnd, hasReference: true, to: &scratch)
            if let i = keys.firstIndex(where: { $0.id == scratch }) { return i }
        }
        var id: [UInt8] = []
        try x.appendDecoded(a.valueStart, a.valueEnd, hasReference: a.hasReference, to: &id)
        keys.append(GraphMLKey(id: id, name: String(decoding: id, as: UTF8.self), domain: .all, kind: .string, defaultValue: nil))
        seen.append(false)
        return keys.count - 1
    }

    // MARK: graph, nodes, edges

    mutating func graph() throws {
        var directed = false
        if let e = x.attribute("edgedefault") {
            let value = try attributeString(e)
            switch value {
            case "directed": directed = true
            case "undirected": directed = false
            default: throw input.error(at: x.attributes[e].valueStart, "expected edgedefault=\"directed\" or \"undirected\", found '\(PrintableText.quote(value))'")
            }
        }
        builder.isDirected = directed
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("node") {
                    try node()
                } else if x.nameIs("edge") {
                    try edge()
                } else if x.nameIs("data") {
                    if let (k, v) = try data() {
                        builder.graphAttributes[keys[k].name] = v
                        markSeen(k)
                    }
                } else if x.nameIs("hyperedge") {
                    throw input.error(at: x.tokenStart, "hyperedges are not supported: expected <node> or <edge> (an edge joins two nodes), found <hyperedge>")
                } else if x.nameIs("graph") {
                    throw nested("<graph>")
                } else {
                    try x.skipElement()
                }
            case .end:
                for k in graphDefaults where !seen[k] { builder.graphAttributes[keys[k].name] = keys[k].defaultValue }
                clearSeen()
                return
            case .text, .eof:
                continue
            }
        }
    }

    func nested(_ parent: String) -> GraphError {
        input.error(at: x.tokenStart, "nested graphs are not supported: expected <node>, <edge> or <data>, found <graph> inside \(parent)")
    }

    mutating func node() throws {
        let at = x.tokenStart
        guard let idIndex = x.attribute("id") else {
            throw input.error(at: at, "expected an id=\"…\" attribute in <node>, found \(input.found(at: at))")
        }
        let u = try intern(x.attributes[idIndex])
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("data") {
                    if let (k, v) = try data() {
                        builder.setAttribute(node: u, keys[k].name, v)
                        markSeen(k)
                    }
                } else if x.nameIs("graph") {
                    throw nested("<node>")
                } else {
                    try x.skipElement()
                }
            case .end:
                for k in nodeDefaults where !seen[k] { builder.setAttribute(node: u, keys[k].name, keys[k].defaultValue!) }
                clearSeen()
                return
            case .text, .eof:
                continue
            }
        }
    }

    mutating func edge() throws {
        let at = x.tokenStart
        // One pass over the attributes: edges are most of a file.
        var source: Int? = nil, target: Int? = nil, directed: Int? = nil
        for i in 0..<x.attributeCount {
            let a = x.attributes[i]
            if x.bytesEqual(a.nameStart, a.nameEnd, "source") { source = i }
            else if x.bytesEqual(a.nameStart, a.nameEnd, "target") { target = i }
            else if x.bytesEqual(a.nameStart, a.nameEnd, "directed") { directed = i }
        }
        guard let s = source, let t = target else {
            throw input.error(at: at, "expected source=\"…\" and target=\"…\" attributes in <edge>, found \(input.found(at: at))")
        }
        if let d = directed {
            let value = try attributeString(d)
            guard value == "true" || value == "false" else {
                throw input.error(at: x.attributes[d].valueStart, "expected directed=\"true\" or \"false\", found '\(PrintableText.quote(value))'")
            }
            if (value == "true") != builder.isDirected {
                let graphKind = builder.isDirected ? "directed" : "undirected"
                throw input.error(at: x.attributes[d].valueStart,
                                  "expected directed=\"\(builder.isDirected)\" as the graph's edgedefault says, found a \(value == "true" ? "directed" : "undirected") edge in a \(graphKind) graph (mixed graphs are not supported)")
            }
        }
        let sa = x.attributes[s], ta = x.attributes[t]
        // Writers list a node's edges together (NetworkX by source, igraph in
        // edge order), so the source is often the last one: skip the lookup.
        let u: Int32
        if !sa.hasReference, let (s, e, n) = lastSource, x.equal(s, e, sa.valueStart, sa.valueEnd) {
            u = n
        } else {
            u = try intern(sa)
            if !sa.hasReference { lastSource = (sa.valueStart, sa.valueEnd, u) }
        }
        let v = try intern(ta)
        var weight: Double? = nil
        if !edgeData.isEmpty { edgeData.removeAll(keepingCapacity: true) }
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("data") {
                    let dataAt = x.tokenStart
                    if let (k, value) = try data() {
                        markSeen(k)
                        if keys[k].isWeight { weight = try number(value, at: dataAt) } else { edgeData.append((keys[k].name, value)) }
                    }
                } else {
                    try x.skipElement()
                }
            case .end:
                for k in edgeDefaults where !seen[k] {
                    if keys[k].isWeight { weight = try number(keys[k].defaultValue!, at: at) } else { edgeData.append((keys[k].name, keys[k].defaultValue!)) }
                }
                clearSeen()
                builder.addEdge(u, v, weight: weight)
                for (name, value) in edgeData { builder.setEdgeAttribute(u, v, name, value) }
                return
            case .text, .eof:
                continue
            }
        }
    }

    mutating func intern(_ a: XMLTokenizer.Attribute) throws -> Int32 {
        if !a.hasReference { return builder.node(bytes: UnsafeBufferPointer(rebasing: x.b[a.valueStart..<a.valueEnd])) }
        scratch.removeAll(keepingCapacity: true)
        try x.appendDecoded(a.valueStart, a.valueEnd, hasReference: true, to: &scratch)
        return scratch.withUnsafeBufferPointer { builder.node(bytes: $0) }
    }
}
