/// Graphviz DOT: `[strict] graph|digraph [ID] { … }`.
///
/// - Node, edge and `node`/`edge`/`graph [..]` default statements; defaults
///   apply to nodes and edges made after them, within their subgraph.
/// - Edge chains (`a -- b -- c`) and edges to subgraphs (`{a b} -- c` joins
///   every node of the group); subgraphs are otherwise flattened (their
///   attributes are dropped). Ports (`a:p:n`) are stripped.
/// - The edge attribute `weight` is the edge weight (it must be a number);
///   other attributes are kept. Quoted and HTML values stay strings; bare
///   numerals become numbers. A node `label` of `\N` (Graphviz's "the node's
///   name", which `dot -Tcanon` writes as a default) is not stored.
/// - Parallel edges merge (weights add), except in a `strict` graph, where a
///   repeated edge is the same edge and its last weight wins, as in Graphviz.
/// - Top-level `graph [..]` and `a = b` are graph attributes; the graph's
///   ID is its `name` unless an attribute says otherwise. Only the first graph
///   of a file is read.
enum DOTReader {
    static func read(_ input: TextInput, options: ReadOptions) throws -> Graph {
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = try DOTParser(DOTLexer(b, input: input), input: input)
            return try parser.run()
        }
    }
}

struct DOTParser {
    typealias Token = DOTLexer.Token
    typealias Attributes = [(key: String, value: AttributeValue)]

    static let maxDepth = 64

    var lexer: DOTLexer
    let input: TextInput
    var tok: Token
    var builder = GraphBuilder(directed: false)
    var strict = false
    var nodeDefaults: Attributes = []
    var edgeDefaults: Attributes = []
    /// `edge [weight=…]` in scope; edge weights are kept apart from attributes.
    var edgeDefaultWeight: Double? = nil
    /// The `weight` the last edge attribute list gave, if any.
    var listWeight: Double? = nil
    var depth = 0
    /// Nodes mentioned inside open subgraphs, for edges to subgraphs.
    var mentioned: [Int32] = []
    var named: [String: [Int32]] = [:]
    var strictEdges: [EdgeKey: Int] = [:]
    var strictList: [(u: Int32, v: Int32, weight: Double?)] = []
    /// The last node looked up, by its bytes in the input.
    var lastNode: (Int, Int, Int32)? = nil

    init(_ lexer: DOTLexer, input: TextInput) throws {
        self.lexer = lexer
        self.input = input
        tok = try self.lexer.next()
        // A `dot -Tcanon` edge line is about 30 bytes.
        builder.reserve(nodes: input.bytes.count / 120, edges: input.bytes.count / 30)
    }

    mutating func advance() throws { tok = try lexer.next() }

    func keyword(_ t: Token, _ word: StaticString) -> Bool {
        guard t.kind == .id && t.idKind == .word && t.valueEnd - t.valueStart == word.utf8CodeUnitCount else { return false }
        for i in 0..<word.utf8CodeUnitCount where lexer.b[t.valueStart + i] | 0x20 != word.utf8Start[i] { return false }
        return true
    }

    func isKeyword(_ t: Token) -> Bool {
        keyword(t, "node") || keyword(t, "edge") || keyword(t, "graph") || keyword(t, "digraph") || keyword(t, "subgraph") || keyword(t, "strict")
    }

    func found(_ t: Token) -> String { input.found(at: t.start) }

    // MARK: graph

    mutating func run() throws -> Graph {
        if keyword(tok, "strict") { strict = true; try advance() }
        if keyword(tok, "digraph") { builder.isDirected = true } else if !keyword(tok, "graph") {
            throw input.error(at: tok.start, "expected 'graph' or 'digraph', found \(found(tok))")
        }
        try advance()
        var name: String? = nil
        if tok.kind == .id { name = lexer.string(tok); try advance() }
        guard tok.kind == .lbrace else { throw input.error(at: tok.start, "expected '{', found \(found(tok))") }
        let open = tok.start
        try advance()
        try statements(openedAt: open)
        try advance()
        if tok.kind != .eof && !keyword(tok, "graph") && !keyword(tok, "digraph") && !keyword(tok, "strict") {
            throw input.error(at: tok.start, "expected end of file after the graph's closing '}', found \(found(tok))")
        }
        for (u, v, w) in strictList { builder.addEdge(u, v, weight: w) }
        if let name, !name.isEmpty, builder.graphAttributes["name"] == nil { builder.graphAttributes["name"] = .string(name) }
        return builder.build()
    }

    /// Statements up to the `}` matching the `{` at `openedAt` (left as `tok`).
    mutating func statements(openedAt: Int) throws {
        while tok.kind != .rbrace {
            if tok.kind == .eof {
                throw input.error(at: tok.start, "expected '}' closing the '{' from line \(input.location(of: openedAt).line), found end of file")
            }
            try statement()
            if tok.kind == .semicolon { try advance() }
        }
    }

    mutating func statement() throws {
        if tok.kind == .lbrace || keyword(tok, "subgraph") {
            let group = try subgraph()
            if tok.kind == .edgeOp { try edges(from: .group(group)) }
            return
        }
        guard tok.kind == .id else {
            throw input.error(at: tok.start, "expected a statement (a node, an edge, node/edge/graph [..], a subgraph or '}'), found \(found(tok))")
        }
        if keyword(tok, "node") || keyword(tok, "edge") || keyword(tok, "graph") {
            let which = tok
            try advance()
            guard tok.kind == .lbracket else { throw input.error(at: tok.start, "expected '[' after \(PrintableText.quote(lexer.string(which))), found \(found(tok))") }
            let isEdge = keyword(which, "edge")
            let list = try attributes(edge: isEdge)
            if keyword(which, "node") { Self.merge(list, into: &nodeDefaults) }
            else if isEdge {
                Self.merge(list, into: &edgeDefaults)
                if let w = listWeight { edgeDefaultWeight = w }
            }
            else if depth == 0 { for a in list { builder.graphAttributes[a.key] = a.value } }
            return
        }
        if isKeyword(tok) { throw input.error(at: tok.start, "expected a statement, found the keyword \(found(tok)) (quote it to use it as an id)") }
        let id = tok
        try advance()
        if tok.kind == .equals {
            try advance()
            guard tok.kind == .id else { throw input.error(at: tok.start, "expected a value after '=', found \(found(tok))") }
            if depth == 0 { builder.graphAttributes[lexer.string(id)] = value(tok) }
            try advance()
            return
        }
        let n = try node(id)
        if tok.kind == .edgeOp { try edges(from: .node(n)); return }
        if tok.kind == .lbracket {
            for a in try attributes(edge: false) where !(a.key == "label" && a.value == .string("\\N")) {
                builder.setAttribute(node: n, a.key, a.value)
            }
        }
    }

    /// The node named by `id` (made if new, with the current defaults), its port skipped.
    mutating func node(_ id: Token) throws -> Int32 {
        if tok.kind == .colon {
            try advance()
            guard tok.kind == .id else { throw input.error(at: tok.start, "expected a port name after ':', found \(found(tok))") }
            try advance()
            if tok.kind == .colon {
                try advance()
                guard tok.kind == .id else { throw input.error(at: tok.start, "expected a compass point after ':', found \(found(tok))") }
                try advance()
            }
        }
        // Edge lists name the same tail again and again: skip that lookup.
        if !id.inArena, let (s, e, n) = lastNode,
           e - s == id.valueEnd - id.valueStart, lexer.b[s..<e].elementsEqual(lexer.b[id.valueStart..<id.valueEnd]) {
            if depth > 0 { mentioned.append(n) }
            return n
        }
        let before = builder.nodeCount
        let lexer = self.lexer
        let n = lexer.withValue(id) { builder.node(bytes: $0) }
        if !id.inArena { lastNode = (id.valueStart, id.valueEnd, n) }
        if builder.nodeCount > before {
            for a in nodeDefaults where !(a.key == "label" && a.value == .string("\\N")) { builder.setAttribute(node: n, a.key, a.value) }
        }
        if depth > 0 { mentioned.append(n) }
        return n
    }

    /// `{ … }` or `subgraph [ID] [{ … }]`: the nodes it mentions, once each.
    mutating func subgraph() throws -> [Int32] {
        var name: String? = nil
        if keyword(tok, "subgraph") {
            try advance()
            if tok.kind == .id && !isKeyword(tok) { name = lexer.string(tok); try advance() }
            if tok.kind != .lbrace {
                guard let name else { throw input.error(at: tok.start, "expected '{' or a name after subgraph, found \(found(tok))") }
                // `subgraph NAME` alone refers to a subgraph made earlier.
                let members = named[name] ?? []
                if depth > 0 { mentioned.append(contentsOf: members) }
                return members
            }
        }
        guard depth < Self.maxDepth else { throw input.error(at: tok.start, "expected at most \(Self.maxDepth) nested subgraphs, found more") }
        let open = tok.start
        try advance()
        let (savedNodes, savedEdges, savedWeight) = (nodeDefaults, edgeDefaults, edgeDefaultWeight)
        let first = mentioned.count
        depth += 1
        try statements(openedAt: open)
        depth -= 1
        try advance()
        nodeDefaults = savedNodes
        edgeDefaults = savedEdges
        edgeDefaultWeight = savedWeight
        var seen = Set<Int32>()
        let members = mentioned[first...].filter { seen.insert($0).inserted }
        if depth == 0 { mentioned.removeAll(keepingCapacity: true) }
        if let name { named[name] = members }
        return members
    }

    /// One end of an edge statement: a node, or every node of a subgraph.
    enum Operand {
        case node(Int32)
        case group([Int32])
    }

    /// `-- b -- {c d} [attrs]` after the first operand.
    mutating func edges(from first: Operand) throws {
        var operands = [first]
        while tok.kind == .edgeOp {
            if tok.directed != builder.isDirected {
                throw input.error(at: tok.start, builder.isDirected ? "expected '->' in a digraph, found '--'" : "expected '--' in an undirected graph, found '->'")
            }
            try advance()
            if tok.kind == .lbrace || keyword(tok, "subgraph") {
                operands.append(.group(try subgraph()))
            } else if tok.kind == .id && !isKeyword(tok) {
                let id = tok
                try advance()
                operands.append(.node(try node(id)))
            } else {
                throw input.error(at: tok.start, "expected a node id or a subgraph after the edge operator, found \(found(tok))")
            }
        }
        let hasList = tok.kind == .lbracket
        let explicit: Attributes = hasList ? try attributes(edge: true) : []
        let weight = hasList ? listWeight ?? edgeDefaultWeight : edgeDefaultWeight
        // Explicit attributes are set after the defaults, so they win.
        let others = !edgeDefaults.isEmpty || !explicit.isEmpty
        for k in 1..<operands.count {
            for u in Self.members(operands[k - 1]) {
                for v in Self.members(operands[k]) {
                    addEdge(u, v, weight: weight)
                    guard others else { continue }
                    for a in edgeDefaults { builder.setEdgeAttribute(u, v, a.key, a.value) }
                    for a in explicit { builder.setEdgeAttribute(u, v, a.key, a.value) }
                }
            }
        }
    }

    static func members(_ o: Operand) -> MemberSequence { MemberSequence(operand: o) }

    /// An operand's nodes, without making an array for a single node.
    struct MemberSequence: Sequence, IteratorProtocol {
        let operand: Operand
        var index = 0
        mutating func next() -> Int32? {
            defer { index += 1 }
            switch operand {
            case .node(let n): return index == 0 ? n : nil
            case .group(let g): return index < g.count ? g[index] : nil
            }
        }
    }

    mutating func addEdge(_ u: Int32, _ v: Int32, weight: Double?) {
        guard strict else { builder.addEdge(u, v, weight: weight); return }
        let key = EdgeKey(u, v, directed: builder.isDirected)
        if let i = strictEdges[key] {
            if weight != nil { strictList[i].weight = weight }
        } else {
            strictEdges[key] = strictList.count
            strictList.append((u, v, weight))
        }
    }

    // MARK: attributes

    /// One or more `[a=b, c="d"; …]` lists. For an edge, `weight` goes to
    /// `listWeight` (it must be a number) instead of the list.
    mutating func attributes(edge: Bool) throws -> Attributes {
        var list: Attributes = []
        listWeight = nil
        while tok.kind == .lbracket {
            try advance()
            while tok.kind != .rbracket {
                guard tok.kind == .id else {
                    throw input.error(at: tok.start, "expected an attribute name or ']', found \(found(tok))")
                }
                let keyToken = tok
                try advance()
                guard tok.kind == .equals else { throw input.error(at: tok.start, "expected '=' after \(PrintableText.quote(lexer.string(keyToken))), found \(found(tok))") }
                try advance()
                guard tok.kind == .id else { throw input.error(at: tok.start, "expected a value for \(PrintableText.quote(lexer.string(keyToken))), found \(found(tok))") }
                if edge && lexer.withValue(keyToken, { $0.elementsEqual("weight".utf8) }) {
                    guard let w = lexer.withValue(tok, { NumberParsing.double($0, 0, $0.count) }), !w.isNaN else {
                        throw input.error(at: tok.start, "expected a number for the edge weight, found \(found(tok))")
                    }
                    listWeight = w
                } else {
                    list.append((lexer.string(keyToken), value(tok)))
                }
                try advance()
                if tok.kind == .comma || tok.kind == .semicolon { try advance() }
            }
            try advance()
        }
        return list
    }

    /// Quoted and HTML values are text; a bare numeral is a number.
    func value(_ t: Token) -> AttributeValue {
        if t.idKind == .numeral, let i = lexer.withValue(t, { v -> Int? in
            // Only a numeral that reads back the same ("7", not "007") is an Int.
            let digits = v.first == UInt8(ascii: "-") ? v.dropFirst() : v[...]
            guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1 else { return nil }
            return NumberParsing.int(v, 0, v.count)
        }), i != 0 || t.valueEnd - t.valueStart == 1 {
            return .int(i)
        }
        let s = lexer.string(t)
        guard t.idKind == .numeral else { return .string(s) }
        if let i = Int(s), String(i) == s { return .int(i) }
        if let d = Double(s.hasPrefix(".") ? "0" + s : s.hasPrefix("-.") ? "-0" + s.dropFirst() : s) { return .double(d) }
        return .string(s)
    }

    /// Static: a method on `self` given one of `self`'s own arrays inout makes Swift copy the parser.
    static func merge(_ list: Attributes, into defaults: inout Attributes) {
        for a in list {
            if let i = defaults.firstIndex(where: { $0.key == a.key }) { defaults[i] = a } else { defaults.append(a) }
        }
    }
}
