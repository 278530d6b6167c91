/// JSON node-link graphs, as NetworkX's `node_link_data` and d3 examples write them:
///
/// ```
/// {"directed": false, "multigraph": false, "graph": {"name": "g"},
///  "nodes": [{"id": "a", "color": "red"}, {"id": 3}],
///  "edges": [{"source": "a", "target": 3, "weight": 2.5}]}
/// ```
///
/// - `directed` (default false) says whether edges are directed; `graph`
///   (an object, or NetworkX 1.x's list of `[key, value]` pairs) holds graph
///   attributes; other top-level keys are ignored.
/// - Node ids are strings or numbers and are kept as written: `3` becomes
///   the id `"3"` (so the number `3` and the string `"3"` name the same node).
///   Other node keys become node attributes. A repeated id is the same node.
/// - Edges are under `links` (NetworkX before 3.4, d3) or `edges` (NetworkX
///   3.4+). `source` and `target` are node ids — unless no node has an `id`
///   at all (the old d3 style), in which case nodes are called `"0"`, `"1"`, …
///   by position and `source`/`target` must be integer indices into `nodes`.
///   Some nodes with an `id` and some without is an error.
/// - `weight` (a number) is the edge weight; other edge keys become edge
///   attributes. In a multigraph the `key` of each edge is dropped, because
///   parallel edges merge into one (weights add), as everywhere in Tangle.
/// - An edge naming a node that `nodes` does not declare is an error.
/// - Attribute values that are lists or objects are kept as compact JSON text;
///   `null` values are left out.
enum NodeLinkJSONReader {
    static func read(_ input: TextInput, options: ReadOptions) throws -> Graph {
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = Parser(JSONScanner(b, input: input))
            return try parser.run()
        }
    }

    /// An edge endpoint met before the `nodes` array: its text is kept until
    /// the nodes are known.
    private struct PendingEnd {
        var start: Int32 = 0, end: Int32 = 0
        var isNumber = false
        var offset = 0
    }

    private struct PendingEdge {
        var source: PendingEnd
        var target: PendingEnd
        var weight: Double?
        var attributes: [(String, AttributeValue)]
    }

    private struct Parser {
        var s: JSONScanner
        var builder = GraphBuilder(directed: false)
        var directed = false
        var multigraph = false
        var sawNodes = false
        /// nil until the first node: whether nodes carry an `id`.
        var nodesHaveIDs: Bool?
        var nodesInArray = 0
        var edgeAttributes: [(Int32, Int32, String, AttributeValue)] = []
        var pending: [PendingEdge] = []
        var pendingText: [UInt8] = []
        var attributes: [(String, AttributeValue)] = []
        var keyCache: [([UInt8], String)] = []
        var digits: [UInt8] = []
        let capture = ByteScratch()

        init(_ s: JSONScanner) {
            self.s = s
            let size = s.b.count
            builder.reserve(nodes: min(size / 64, 1 << 24), edges: min(size / 40, 1 << 26))
        }

        mutating func run() throws -> Graph {
            try s.beginObject("'{' to start a node-link object")
            while let key = try s.nextKey() {
                if equal(key, "nodes") {
                    if sawNodes { throw s.error("a second \"nodes\" array") }
                    try readNodes()
                    sawNodes = true
                    try resolvePending()
                } else if equal(key, "links") || equal(key, "edges") {
                    try readEdges()
                } else if equal(key, "directed") {
                    directed = try bool("directed")
                } else if equal(key, "multigraph") {
                    multigraph = try bool("multigraph")
                } else if equal(key, "graph") {
                    try readGraphAttributes()
                } else {
                    try s.skipValue()
                }
            }
            try s.expectEnd()
            guard sawNodes else { throw s.error("expected a \"nodes\" array in the top-level object, found none") }
            builder.isDirected = directed
            for (u, v, key, value) in edgeAttributes where !(multigraph && key == "key") {
                builder.setEdgeAttribute(u, v, key, value)
            }
            return builder.build()
        }

        // MARK: nodes

        mutating func readNodes() throws {
            try s.beginArray("'[' to start the \"nodes\" array")
            while try s.nextElement() {
                let start = s.valueStart()
                try s.beginObject("'{' to start a node")
                attributes.removeAll(keepingCapacity: true)
                var node: Int32? = nil
                while let key = try s.nextKey() {
                    if equal(key, "id") {
                        if node != nil { throw s.error("this node has a second \"id\"") }
                        let idStart = s.valueStart()
                        switch try s.readScalar("a string or number for the node id") {
                        case .string(let text): node = try intern(text, at: idStart)
                        case .number(let a, let e, _): node = try intern(UnsafeBufferPointer(rebasing: s.b[a..<e]), at: idStart)
                        case .bool, .null: throw s.input.error(at: idStart, "expected a string or number for the node id, found \(s.input.found(at: idStart))")
                        }
                    } else {
                        let name = attributeName(key)
                        if let value = try attributeValue() { attributes.append((name, value)) }
                    }
                }
                let hasID = node != nil
                if let earlier = nodesHaveIDs, earlier != hasID {
                    throw s.input.error(at: start, hasID
                        ? "this node has an \"id\" but earlier nodes have none: give every node an id, or none (then edges use indices)"
                        : "expected an \"id\" in this node, as earlier nodes have")
                }
                nodesHaveIDs = hasID
                let n = node ?? indexNode(nodesInArray)
                nodesInArray += 1
                for (k, v) in attributes { builder.setAttribute(node: n, k, v) }
            }
        }

        mutating func intern(_ id: UnsafeBufferPointer<UInt8>, at offset: Int) throws -> Int32 {
            if id.count > EdgeListReader.maxFieldBytes {
                throw s.input.error(at: offset, "a node id of more than \(EdgeListReader.maxFieldBytes) bytes")
            }
            if builder.nodeCount >= Int(Int32.max) { throw s.input.error(at: offset, "more than \(Int32.max) nodes") }
            return builder.node(bytes: id)
        }

        /// The node named by its position (d3 style, nodes without ids).
        mutating func indexNode(_ index: Int) -> Int32 {
            digits.removeAll(keepingCapacity: true)
            digits.append(contentsOf: String(index).utf8)
            return digits.withUnsafeBufferPointer { builder.node(bytes: $0) }
        }

        // MARK: edges

        mutating func readEdges() throws {
            try s.beginArray("'[' to start the edges array")
            while try s.nextElement() {
                let start = s.valueStart()
                try s.beginObject("'{' to start an edge")
                attributes.removeAll(keepingCapacity: true)
                var source: PendingEnd? = nil, target: PendingEnd? = nil
                var sourceNode: Int32? = nil, targetNode: Int32? = nil
                var weight: Double? = nil
                while let key = try s.nextKey() {
                    let isSource = equal(key, "source")
                    if isSource || equal(key, "target") {
                        if (isSource ? source : target) != nil {
                            throw s.error("this edge has a second \"\(isSource ? "source" : "target")\"")
                        }
                        let (end, node) = try endpoint(isSource ? "source" : "target")
                        if isSource { source = end; sourceNode = node } else { target = end; targetNode = node }
                    } else if equal(key, "weight") {
                        let at = s.valueStart()
                        switch try s.readScalar("a number for the edge weight") {
                        case .number(let a, let e, _):
                            let w = s.double(a, e)
                            if w.isNaN { throw s.input.error(at: at, "the edge weight is NaN: weights must be numbers") }
                            weight = w
                        case .null: break
                        default: throw s.input.error(at: at, "expected a number for the edge weight, found \(s.input.found(at: at))")
                        }
                    } else {
                        let name = attributeName(key)
                        if let value = try attributeValue() { attributes.append((name, value)) }
                    }
                }
                guard let source, let target else {
                    throw s.input.error(at: start, "expected \"source\" and \"target\" in this edge, found \(source == nil ? "no \"source\"" : "no \"target\"")")
                }
                if let u = sourceNode, let v = targetNode {
                    addEdge(u, v, weight)
                } else {
                    pending.append(PendingEdge(source: source, target: target, weight: weight, attributes: attributes))
                }
            }
        }

        mutating func addEdge(_ u: Int32, _ v: Int32, _ weight: Double?) {
            builder.addEdge(u, v, weight: weight)
            for (k, value) in attributes { edgeAttributes.append((u, v, k, value)) }
        }

        /// Reads a source or target: resolved now if the nodes are known,
        /// else kept as text for `resolvePending`.
        mutating func endpoint(_ role: String) throws -> (PendingEnd, Int32?) {
            let at = s.valueStart()
            let text: UnsafeBufferPointer<UInt8>
            var isNumber = false
            switch try s.readScalar("a node id for \"\(role)\"") {
            case .string(let t): text = t
            case .number(let a, let e, _): text = UnsafeBufferPointer(rebasing: s.b[a..<e]); isNumber = true
            case .bool, .null: throw s.input.error(at: at, "expected a node id for \"\(role)\", found \(s.input.found(at: at))")
            }
            if sawNodes { return (PendingEnd(offset: at), try resolve(text, isNumber: isNumber, at: at, role)) }
            if text.count > EdgeListReader.maxFieldBytes || pendingText.count > Int(Int32.max) - text.count {
                throw s.input.error(at: at, "a node id of more than \(EdgeListReader.maxFieldBytes) bytes")
            }
            let start = Int32(pendingText.count)
            pendingText.append(contentsOf: text)
            return (PendingEnd(start: start, end: Int32(pendingText.count), isNumber: isNumber, offset: at), nil)
        }

        func resolve(_ text: UnsafeBufferPointer<UInt8>, isNumber: Bool, at: Int, _ role: String) throws -> Int32 {
            if nodesHaveIDs == false {
                guard isNumber, let i = s.int(at, at + text.count), i >= 0, i < nodesInArray else {
                    throw s.input.error(at: at, "expected an index into \"nodes\" (0 to \(nodesInArray - 1)) for \"\(role)\", found \(s.input.found(at: at)) (the nodes have no \"id\", so edges refer to them by position)")
                }
                return Int32(i)
            }
            guard let node = builder.existingNode(bytes: text) else {
                let shown = PrintableText.quote(String(decoding: text.prefix(400), as: UTF8.self), limit: 60)
                throw s.input.error(at: at, "\"\(role)\" names \(isNumber ? shown : "'\(shown)'"), which is not the id of a node in \"nodes\"")
            }
            return node
        }

        /// Edges met before `nodes`, now that the nodes are known.
        mutating func resolvePending() throws {
            let edges = pending
            pending = []
            let text = pendingText
            pendingText = []
            try text.withUnsafeBufferPointer { t in
                for e in edges {
                    // Indices are re-read from the input, where the number still is.
                    let u = try resolve(UnsafeBufferPointer(rebasing: t[Int(e.source.start)..<Int(e.source.end)]),
                                        isNumber: e.source.isNumber, at: e.source.offset, "source")
                    let v = try resolve(UnsafeBufferPointer(rebasing: t[Int(e.target.start)..<Int(e.target.end)]),
                                        isNumber: e.target.isNumber, at: e.target.offset, "target")
                    builder.addEdge(u, v, weight: e.weight)
                    for (k, value) in e.attributes { edgeAttributes.append((u, v, k, value)) }
                }
            }
        }

        // MARK: values

        mutating func bool(_ key: String) throws -> Bool {
            guard try s.peekKind() == .bool else { throw s.expectedError("true or false for \"\(key)\"") }
            return try s.readBool()
        }

        mutating func readGraphAttributes() throws {
            switch try s.peekKind("an object of graph attributes") {
            case .object:
                try s.beginObject()
                while let key = try s.nextKey() {
                    let name = String(decoding: key, as: UTF8.self)
                    if let value = try attributeValue() { builder.graphAttributes[name] = value }
                }
            case .array:
                // NetworkX 1.x wrote graph attributes as [[key, value], …].
                try s.beginArray()
                while try s.nextElement() {
                    try s.beginArray("a [key, value] pair")
                    guard try s.nextElement(), try s.peekKind() == .string else { throw s.expectedError("a string key in a [key, value] pair") }
                    let name = String(decoding: try s.readString(), as: UTF8.self)
                    guard try s.nextElement() else { throw s.expectedError("a value in a [key, value] pair") }
                    if let value = try attributeValue() { builder.graphAttributes[name] = value }
                    if try s.nextElement() { throw s.expectedError("']' after a [key, value] pair") }
                }
            default:
                try s.skipValue()
            }
        }

        /// The next value as an attribute; nil for `null`.
        mutating func attributeValue() throws -> AttributeValue? {
            switch try s.peekKind() {
            case .object, .array:
                capture.count = 0
                try s.skipValue(capture: capture)
                return .string(String(decoding: capture.buffer, as: UTF8.self))
            default:
                switch try s.readScalar() {
                case .string(let t): return .string(String(decoding: t, as: UTF8.self))
                case .number(let a, let e, let isInteger):
                    if isInteger, let i = s.int(a, e) { return .int(i) }
                    return .double(s.double(a, e))
                case .bool(let v): return .bool(v)
                case .null: return nil
                }
            }
        }

        /// Attribute names repeat on every node and edge: reuse their Strings.
        mutating func attributeName(_ key: UnsafeBufferPointer<UInt8>) -> String {
            for (bytes, name) in keyCache where bytes.elementsEqual(key) { return name }
            let name = String(decoding: key, as: UTF8.self)
            if keyCache.count < 64 { keyCache.append((Array(key), name)) }
            return name
        }

        func equal(_ key: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
            guard key.count == word.utf8CodeUnitCount else { return false }
            let w = UnsafeBufferPointer(start: word.utf8Start, count: key.count)
            for i in 0..<key.count where key[i] != w[i] { return false }
            return true
        }
    }
}
