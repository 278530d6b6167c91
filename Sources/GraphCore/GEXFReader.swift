/// GEXF 1.1, 1.2 and 1.3, as Gephi and NetworkX write it.
///
/// - `<attributes class="node|edge">` declare attribute ids, titles, types
///   (`integer long short byte float double boolean string`…; list and
///   date types are kept as text) and `<default>` values; a default fills in
///   for every node or edge that lacks that value (as in GraphML).
/// - `defaultedgetype` sets the direction (`mutual` reads as undirected, as
///   NetworkX reads it). An edge whose `type` disagrees is refused, as
///   NetworkX refuses it, except `mutual` in a directed graph, which is the
///   two arcs it stands for.
/// - The edge attribute `weight` is the weight; parallel edges merge and
///   their weights add, as for every other format.
/// - `viz:position`, `viz:color` and `viz:size` become the node attributes
///   `viz.x`, `viz.y`, `viz.z`, `viz.color` (`#rrggbb`), `viz.alpha` (when
///   given) and `viz.size`: see `FileVisuals`.
/// - Dynamic graphs (`mode="dynamic"`, `start`/`end`, `<spells>`) are read
///   as every node and edge that ever exists; the times are ignored and
///   `ReadOptions.note` is told so once.
/// - Only the first `<graph>` is read; hierarchical nodes (`<nodes>` inside
///   a `<node>`) are refused.
enum GEXFReader {
    static func read(_ input: TextInput, options: ReadOptions) throws -> Graph {
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = GEXFParser(XMLTokenizer(b, input: input), input: input, options: options)
            return try parser.run()
        }
    }
}

struct GEXFParser {
    /// One `<attribute>` declaration.
    struct Declared {
        var id: [UInt8]
        var title: String
        var kind: GraphMLKey.Kind
        var typeName: String
        var defaultValue: AttributeValue?
    }

    var x: XMLTokenizer
    let input: TextInput
    let options: ReadOptions
    var builder = GraphBuilder(directed: false)
    var nodeAttributes: [Declared] = []
    var edgeAttributes: [Declared] = []
    var scratch: [UInt8] = []
    /// Where the first dynamic feature was met (the note names it once).
    var dynamicAt: Int? = nil
    var seen: [Bool] = []

    init(_ x: XMLTokenizer, input: TextInput, options: ReadOptions) {
        self.x = x
        self.input = input
        self.options = options
        builder.reserve(nodes: input.bytes.count / 1000, edges: input.bytes.count / 80)
    }

    mutating func run() throws -> Graph {
        var event = try x.next()
        while event == .text { event = try x.next() }
        guard event == .start, x.nameIs("gexf") else {
            throw input.error(at: x.tokenStart, "expected <gexf>, found \(input.found(at: x.tokenStart))")
        }
        var sawGraph = false
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("graph") && !sawGraph {
                    sawGraph = true
                    try graph()
                } else {
                    try x.skipElement()
                }
            case .end:
                guard sawGraph else {
                    throw input.error(at: x.tokenStart, "expected <graph> inside <gexf>, found </gexf>")
                }
                while try x.next() != .eof {}
                if let at = dynamicAt, let note = options.note {
                    let (line, _) = input.location(of: at)
                    note("\(input.source):\(line): a dynamic GEXF graph (spells, start/end times): read as every node and edge that ever exists; the times are ignored")
                }
                return builder.build()
            case .text, .eof:
                continue
            }
        }
    }

    // MARK: graph

    mutating func graph() throws {
        if let e = x.attribute("defaultedgetype") {
            let value = try string(e)
            switch value {
            case "directed": builder.isDirected = true
            case "undirected", "mutual": builder.isDirected = false
            default:
                throw input.error(at: x.attributes[e].valueStart, "expected defaultedgetype=\"directed\", \"undirected\" or \"mutual\", found '\(value)'")
            }
        }
        if let m = x.attribute("mode"), try string(m) == "dynamic" { noteDynamic(x.attributes[m].nameStart) }
        checkTimes()
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("attributes") {
                    try attributes()
                } else if x.nameIs("nodes") {
                    try nodes()
                } else if x.nameIs("edges") {
                    try edges()
                } else {
                    try x.skipElement()
                }
            case .end:
                return
            case .text, .eof:
                continue
            }
        }
    }

    /// Notes start/end/timestamp attributes on the current tag.
    mutating func checkTimes() {
        guard dynamicAt == nil else { return }
        for name: StaticString in ["start", "end", "startopen", "endopen", "timestamp", "timestamps"] {
            if let i = x.attribute(name) { noteDynamic(x.attributes[i].nameStart); return }
        }
    }

    mutating func noteDynamic(_ at: Int) {
        if dynamicAt == nil { dynamicAt = at }
    }

    // MARK: attribute declarations

    mutating func attributes() throws {
        let at = x.tokenStart
        guard let c = x.attribute("class") else {
            throw input.error(at: at, "expected a class=\"node\" or \"edge\" attribute in <attributes>, found \(input.found(at: at))")
        }
        let cls = try string(c)
        guard cls == "node" || cls == "edge" else { try x.skipElement(); return }  // e.g. class="graph"
        if let m = x.attribute("mode"), try string(m) == "dynamic" { noteDynamic(x.attributes[m].nameStart) }
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("attribute") {
                    let d = try declaration()
                    if cls == "node" { nodeAttributes.append(d) } else { edgeAttributes.append(d) }
                } else {
                    try x.skipElement()
                }
            case .end:
                return
            case .text, .eof:
                continue
            }
        }
    }

    mutating func declaration() throws -> Declared {
        let at = x.tokenStart
        guard let idIndex = x.attribute("id") else {
            throw input.error(at: at, "expected an id=\"…\" attribute in <attribute>, found \(input.found(at: at))")
        }
        let id = try bytes(idIndex)
        let title = try x.attribute("title").map { try string($0) } ?? String(decoding: id, as: UTF8.self)
        var d = Declared(id: id, title: title, kind: .string, typeName: "string", defaultValue: nil)
        if let t = x.attribute("type") {
            d.typeName = try string(t)
            switch d.typeName.lowercased() {
            case "integer", "long", "short", "byte", "biginteger": d.kind = .int
            case "float", "double", "bigdecimal": d.kind = .double
            case "boolean": d.kind = .bool
            default: d.kind = .string  // string, liststring, list types, date, anyURI, char
            }
        }
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("default") {
                    let valueAt = x.tokenStart
                    let text = try elementText()
                    if d.kind == .string || !text.allSatisfy(isSpace) {
                        d.defaultValue = try convert(text, d, at: valueAt)
                    }
                } else {
                    try x.skipElement()
                }
            case .end:
                return d
            case .text, .eof:
                continue
            }
        }
    }

    /// The text content of the element just opened (elements inside skipped).
    mutating func elementText() throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            switch try x.next() {
            case .text: try x.appendDecoded(x.textStart, x.textEnd, hasReference: x.textHasReference, to: &out)
            case .start: try x.skipElement()
            case .end, .eof: return out
            }
        }
    }

    // MARK: nodes

    mutating func nodes() throws {
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("node") { try node() } else { try x.skipElement() }
            case .end:
                return
            case .text, .eof:
                continue
            }
        }
    }

    mutating func node() throws {
        let at = x.tokenStart
        guard let idIndex = x.attribute("id") else {
            throw input.error(at: at, "expected an id=\"…\" attribute in <node>, found \(input.found(at: at))")
        }
        let u = try intern(x.attributes[idIndex])
        if let l = x.attribute("label") { builder.setAttribute(node: u, "label", .string(try string(l))) }
        checkTimes()
        seen = Array(repeating: false, count: nodeAttributes.count)
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("attvalues") {
                    try attvalues(nodeAttributes) { p, name, value in p.builder.setAttribute(node: u, name, value) }
                } else if x.nameIs("spells") {
                    noteDynamic(x.tokenStart)
                    try x.skipElement()
                } else if x.nameIs("nodes") {
                    throw input.error(at: x.tokenStart, "hierarchical graphs are not supported: expected <attvalues>, <spells> or viz elements in <node>, found <nodes>")
                } else if let kind = vizKind() {
                    try viz(kind, node: u)
                } else {
                    try x.skipElement()
                }
            case .end:
                for (i, d) in nodeAttributes.enumerated() where !seen[i] {
                    if let v = d.defaultValue { builder.setAttribute(node: u, d.title, v) }
                }
                return
            case .text, .eof:
                continue
            }
        }
    }

    /// `<attvalues>`: each `<attvalue for="ID" value="…"/>` (1.1 writes `id=`).
    mutating func attvalues(_ declared: [Declared], _ set: (inout GEXFParser, String, AttributeValue) -> Void) throws {
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                guard x.nameIs("attvalue") else { try x.skipElement(); continue }
                let at = x.tokenStart
                guard let f = x.attribute("for") ?? x.attribute("id"), let v = x.attribute("value") else {
                    throw input.error(at: at, "expected for=\"…\" and value=\"…\" attributes in <attvalue>, found \(input.found(at: at))")
                }
                checkTimes()
                let id = try bytes(f)
                let text = try bytes(v)
                if let i = declared.firstIndex(where: { $0.id == id }) {
                    seen[i] = true
                    let d = declared[i]
                    if d.kind == .string || !text.allSatisfy(isSpace) {
                        set(&self, d.title, try convert(text, d, at: x.attributes[v].valueStart))
                    }
                } else {
                    // Undeclared: kept under its id, its type inferred.
                    set(&self, String(decoding: id, as: UTF8.self), .inferred(String(decoding: text, as: UTF8.self)))
                }
                try x.skipElement()
            case .end:
                return
            case .text, .eof:
                continue
            }
        }
    }

    // MARK: edges

    mutating func edges() throws {
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("edge") { try edge() } else { try x.skipElement() }
            case .end:
                return
            case .text, .eof:
                continue
            }
        }
    }

    mutating func edge() throws {
        let at = x.tokenStart
        guard let s = x.attribute("source"), let t = x.attribute("target") else {
            throw input.error(at: at, "expected source=\"…\" and target=\"…\" attributes in <edge>, found \(input.found(at: at))")
        }
        var mutual = false
        if let d = x.attribute("type") {
            let value = try string(d)
            let directed: Bool
            switch value {
            case "directed": directed = true
            case "undirected": directed = false
            case "mutual": directed = builder.isDirected; mutual = true
            default: throw input.error(at: x.attributes[d].valueStart, "expected type=\"directed\", \"undirected\" or \"mutual\", found '\(value)'")
            }
            if directed != builder.isDirected {
                let graphKind = builder.isDirected ? "directed" : "undirected"
                throw input.error(at: x.attributes[d].valueStart,
                                  "expected type=\"\(graphKind)\" as the graph's defaultedgetype says, found a \(value) edge in \(builder.isDirected ? "a" : "an") \(graphKind) graph (mixed graphs are not supported)")
            }
        }
        let u = try intern(x.attributes[s])
        let v = try intern(x.attributes[t])
        var weight: Double? = nil
        if let w = x.attribute("weight") { weight = try number(w, finite: false) }
        var data: [(String, AttributeValue)] = []
        if let l = x.attribute("label") { data.append(("label", .string(try string(l)))) }
        checkTimes()
        seen = Array(repeating: false, count: edgeAttributes.count)
        while true {
            switch try x.next(skippingText: true) {
            case .start:
                if x.nameIs("attvalues") {
                    try attvalues(edgeAttributes) { _, name, value in data.append((name, value)) }
                } else if x.nameIs("spells") {
                    noteDynamic(x.tokenStart)
                    try x.skipElement()
                } else {
                    try x.skipElement()
                }
            case .end:
                for (i, d) in edgeAttributes.enumerated() where !seen[i] {
                    if let v = d.defaultValue { data.append((d.title, v)) }
                }
                // An attribute titled weight is the weight when the edge has none.
                if let k = data.firstIndex(where: { $0.0 == "weight" }) {
                    if weight == nil, let w = data[k].1.number, !w.isNaN { weight = w }
                    data.remove(at: k)
                }
                builder.addEdge(u, v, weight: weight)
                if mutual && builder.isDirected && u != v { builder.addEdge(v, u, weight: weight) }
                for (name, value) in data {
                    builder.setEdgeAttribute(u, v, name, value)
                    if mutual && builder.isDirected && u != v { builder.setEdgeAttribute(v, u, name, value) }
                }
                return
            case .text, .eof:
                continue
            }
        }
    }
}
