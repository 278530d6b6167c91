/// GML, as NetworkX (`write_gml`) and igraph (`write_gml`) write it:
/// `graph [ directed 1 node [ id 0 label "a" … ] edge [ source 0 target 1 weight 2 … ] ]`.
///
/// - A node's GML `id` is its id; every other key (`label`, `name`, …) is a
///   node attribute. Nested lists (`graphics [ x 1 y 2 ]`) are flattened to
///   dotted keys (`graphics.x`); a key given twice keeps its last value.
/// - An edge's `weight` is its weight (it must be a number); other keys are
///   edge attributes. Edges may only join declared nodes (GML's rule, and
///   NetworkX's); they may come before the nodes they join.
/// - `multigraph 1` (and repeated edges anyway) merge into one edge whose
///   weights add, as everywhere in Tangle; the multigraph `key` is dropped.
/// - Strings may span lines and hold character references (`&quot;`,
///   `&#1234;`); an unknown reference is kept as written, as `html.unescape`
///   does. `#` starts a comment. Keys outside `graph` (`Creator`, `Version`)
///   are skipped; a second `graph` is refused, as NetworkX refuses it.
enum GMLReader {
    static func read(_ input: TextInput, options: ReadOptions) throws -> Graph {
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = GMLParser(b: b, input: input)
            return try parser.run()
        }
    }
}

struct GMLParser {
    enum Kind { case key, int, real, string, open, close, eof }
    struct Token {
        var kind: Kind
        var start: Int, end: Int
        var hasReference = false
        /// Where the token begins (a string's opening quote), for messages.
        var at: Int { kind == .string ? start - 1 : start }
    }
    /// An edge waiting for all nodes: endpoints are byte ranges of `endpoints`.
    struct PendingEdge {
        var source: Range<Int>, target: Range<Int>
        var sourceAt: Int, targetAt: Int
        var weight: Double?
        var attributes: Range<Int>
    }

    static let maxDepth = 64

    let b: UnsafeBufferPointer<UInt8>
    let input: TextInput
    var pos = 0
    var builder = GraphBuilder(directed: false)
    var scratch: [UInt8] = []
    var endpoints: [UInt8] = []
    var edges: [PendingEdge] = []
    var edgeAttributes: [(String, AttributeValue)] = []
    /// What `value` read: one pair, or one per leaf of a list.
    var values: [(String, AttributeValue)] = []
    var multigraph = false

    init(b: UnsafeBufferPointer<UInt8>, input: TextInput) {
        self.b = b
        self.input = input
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3 }
        builder.reserve(nodes: b.count / 150, edges: b.count / 60)
    }

    mutating func run() throws -> Graph {
        var sawGraph = false
        while true {
            let t = try next()
            switch t.kind {
            case .eof:
                guard sawGraph else { throw input.error(at: t.at, "expected 'graph [', found end of file") }
                return builder.build()
            case .key:
                if isKey(t, "graph") {
                    if sawGraph { throw input.error(at: t.at, "expected one graph, found a second 'graph' (read one graph per file)") }
                    sawGraph = true
                    let open = try next()
                    guard open.kind == .open else { throw input.error(at: open.at, "expected '[' after graph, found \(input.found(at: open.at))") }
                    try graph(openedAt: open.at)
                } else {
                    try skipValue(depth: 0)  // Creator, Version, …
                }
            default:
                throw input.error(at: t.at, "expected a key (graph, Creator, Version), found \(input.found(at: t.at))")
            }
        }
    }

    // MARK: structure

    mutating func graph(openedAt: Int) throws {
        while true {
            let t = try next()
            switch t.kind {
            case .close:
                try resolveEdges()
                return
            case .key:
                if isKey(t, "node") {
                    try node(try list(after: t))
                } else if isKey(t, "edge") {
                    try edge(try list(after: t))
                } else if isKey(t, "directed") || isKey(t, "multigraph") {
                    let v = try next()
                    guard v.kind == .int, let i = NumberParsing.int(b, v.start, v.end), i == 0 || i == 1 else {
                        throw input.error(at: v.at, "expected 0 or 1 after \(text(t)), found \(input.found(at: v.at))")
                    }
                    if isKey(t, "directed") { builder.isDirected = i == 1 } else { multigraph = i == 1 }
                } else {
                    values.removeAll(keepingCapacity: true)
                    try value(key: text(t), depth: 1)
                    for (k, v) in values { builder.graphAttributes[k] = v }
                }
            case .eof:
                throw input.error(at: t.at, "expected ']' closing 'graph [' from line \(input.location(of: openedAt).line), found end of file")
            default:
                throw input.error(at: t.at, "expected a key or ']' in graph [ … ], found \(input.found(at: t.at))")
            }
        }
    }

    mutating func list(after key: Token) throws -> Int {
        let open = try next()
        guard open.kind == .open else { throw input.error(at: open.at, "expected '[' after \(text(key)), found \(input.found(at: open.at))") }
        return open.at
    }

    mutating func node(_ openedAt: Int) throws {
        values.removeAll(keepingCapacity: true)
        var id: Token? = nil
        while true {
            let t = try next()
            switch t.kind {
            case .close:
                guard let id else { throw input.error(at: t.at, "expected an id in node [ … ], found ']'") }
                scratch.removeAll(keepingCapacity: true)
                Self.appendValue(b, id, to: &scratch)
                let n: Int32 = try scratch.withUnsafeBufferPointer { s in
                    if builder.existingNode(bytes: s) != nil {
                        throw input.error(at: id.at, "expected a new node id, found \(input.found(at: id.at)) declared twice")
                    }
                    return builder.node(bytes: s)
                }
                for (k, v) in values { builder.setAttribute(node: n, k, v) }
                return
            case .key:
                if isKey(t, "id") { id = try idValue(after: t) } else { try value(key: text(t), depth: 2) }
            case .eof:
                throw input.error(at: t.at, "expected ']' closing 'node [' from line \(input.location(of: openedAt).line), found end of file")
            default:
                throw input.error(at: t.at, "expected a key or ']' in node [ … ], found \(input.found(at: t.at))")
            }
        }
    }

    mutating func edge(_ openedAt: Int) throws {
        var source: Token? = nil, target: Token? = nil
        var weight: Double? = nil
        let attributeStart = edgeAttributes.count
        while true {
            let t = try next()
            switch t.kind {
            case .close:
                guard let source, let target else {
                    throw input.error(at: t.at, "expected \(source == nil ? "source" : "target") in edge [ … ], found ']'")
                }
                let s0 = endpoints.count
                Self.appendValue(b, source, to: &endpoints)
                let t0 = endpoints.count
                Self.appendValue(b, target, to: &endpoints)
                edges.append(PendingEdge(source: s0..<t0, target: t0..<endpoints.count, sourceAt: source.at, targetAt: target.at,
                                         weight: weight, attributes: attributeStart..<edgeAttributes.count))
                return
            case .key:
                if isKey(t, "source") {
                    source = try idValue(after: t)
                } else if isKey(t, "target") {
                    target = try idValue(after: t)
                } else if isKey(t, "weight") {
                    let v = try next()
                    guard v.kind == .int || v.kind == .real, let w = number(v), !w.isNaN else {
                        throw input.error(at: v.at, "expected a number for the edge weight, found \(input.found(at: v.at))")
                    }
                    weight = w
                } else if multigraph && isKey(t, "key") {
                    try skipValue(depth: 2)
                } else {
                    values.removeAll(keepingCapacity: true)
                    try value(key: text(t), depth: 2)
                    edgeAttributes.append(contentsOf: values)
                }
            case .eof:
                throw input.error(at: t.at, "expected ']' closing 'edge [' from line \(input.location(of: openedAt).line), found end of file")
            default:
                throw input.error(at: t.at, "expected a key or ']' in edge [ … ], found \(input.found(at: t.at))")
            }
        }
    }

    /// Edges are added once every node is known: GML lets them come first.
    mutating func resolveEdges() throws {
        var last: (Range<Int>, Int32)? = nil
        for e in edges {
            let ends: (Int32?, Int32?) = endpoints.withUnsafeBufferPointer { p in
                // Consecutive edges often share their source: skip that lookup.
                if let (range, n) = last, p[range].elementsEqual(p[e.source]) {
                    return (n, builder.existingNode(bytes: UnsafeBufferPointer(rebasing: p[e.target])))
                }
                return (builder.existingNode(bytes: UnsafeBufferPointer(rebasing: p[e.source])),
                        builder.existingNode(bytes: UnsafeBufferPointer(rebasing: p[e.target])))
            }
            guard let u = ends.0 else { throw undeclared(e.sourceAt, "source") }
            last = (e.source, u)
            guard let v = ends.1 else { throw undeclared(e.targetAt, "target") }
            builder.addEdge(u, v, weight: e.weight)
            for (k, value) in edgeAttributes[e.attributes] { builder.setEdgeAttribute(u, v, k, value) }
        }
        edges = []
        edgeAttributes = []
    }

    func undeclared(_ at: Int, _ end: String) -> GraphError {
        input.error(at: at, "expected the id of a declared node as edge \(end), found \(input.found(at: at)), which no node [ id … ] declares")
    }

    // MARK: values

    /// The value of `id`, `source` or `target`: a number, a string, or (as
    /// NetworkX allows) a bare word.
    mutating func idValue(after key: Token) throws -> Token {
        let v = try next()
        switch v.kind {
        case .int, .real, .string, .key: return v
        default: throw input.error(at: v.at, "expected a node id after \(text(key)), found \(input.found(at: v.at))")
        }
    }

    /// Reads one value and appends it to `values` (a list: each of its values, keys dotted).
    mutating func value(key: String, depth: Int) throws {
        let v = try next()
        switch v.kind {
        case .int:
            if let i = NumberParsing.int(b, v.start, v.end) { values.append((key, .int(i))) } else { values.append((key, .double(number(v) ?? .nan))) }
        case .real:
            values.append((key, .double(number(v) ?? .nan)))
        case .string:
            scratch.removeAll(keepingCapacity: true)
            Self.appendValue(b, v, to: &scratch)
            values.append((key, .string(String(decoding: scratch, as: UTF8.self))))
        case .key where number(v) != nil:  // NAN, INF
            values.append((key, .double(number(v)!)))
        case .key where key == "label":  // NetworkX takes a bare word as a label
            values.append((key, .string(text(v))))
        case .open:
            guard depth < Self.maxDepth else { throw input.error(at: v.at, "expected at most \(Self.maxDepth) nested lists, found more") }
            while true {
                let t = try next()
                if t.kind == .close { return }
                guard t.kind == .key else {
                    throw input.error(at: t.at, "expected a key or ']' in \(PrintableText.quote(key)) [ … ], found \(t.kind == .eof ? "end of file" : input.found(at: t.at))")
                }
                try value(key: key + "." + text(t), depth: depth + 1)
            }
        default:
            throw input.error(at: v.at, "expected a value (a number, a \"string\" or [ a list ]) after \(PrintableText.quote(key)), found \(v.kind == .eof ? "end of file" : input.found(at: v.at))")
        }
    }

    mutating func skipValue(depth: Int) throws {
        let count = values.count
        try value(key: "", depth: depth)
        values.removeLast(values.count - count)
    }

    func number(_ t: Token) -> Double? {
        if t.kind == .key {
            switch text(t).lowercased() {
            case "nan": return .nan
            case "inf", "infinity": return .infinity
            default: return nil
            }
        }
        return NumberParsing.double(b, t.start, t.end)
    }

    /// The token's value bytes: a string's contents decoded, else the token as written.
    /// Static, so that appending to one of the parser's own arrays does not
    /// copy the parser (and the array with it) for the call.
    static func appendValue(_ b: UnsafeBufferPointer<UInt8>, _ t: Token, to out: inout [UInt8]) {
        if t.hasReference {
            try? CharacterReferences.decode(b, t.start, t.end, into: &out, strict: false)  // never throws when not strict
        } else {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[t.start..<t.end]))
        }
    }

    func isKey(_ t: Token, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard t.end - t.start == n else { return false }
        for i in 0..<n where b[t.start + i] != s.utf8Start[i] { return false }
        return true
    }

    func text(_ t: Token) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[t.start..<t.end]), as: UTF8.self)
    }

    // MARK: tokens

    mutating func next() throws -> Token {
        while pos < b.count {
            let c = b[pos]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { pos += 1; continue }
            if c == UInt8(ascii: "#") {
                while pos < b.count && b[pos] != 0x0A { pos += 1 }
                continue
            }
            break
        }
        let start = pos
        guard pos < b.count else { return Token(kind: .eof, start: pos, end: pos) }
        let c = b[pos]
        switch c {
        case UInt8(ascii: "["):
            pos += 1
            return Token(kind: .open, start: start, end: pos)
        case UInt8(ascii: "]"):
            pos += 1
            return Token(kind: .close, start: start, end: pos)
        case UInt8(ascii: "\""):
            pos += 1
            var hasReference = false
            while pos < b.count && b[pos] != UInt8(ascii: "\"") {
                if b[pos] == UInt8(ascii: "&") { hasReference = true }
                pos += 1
            }
            guard pos < b.count else {
                throw input.error(at: start, "unterminated string: expected a closing '\"' for the string opened here, found end of file")
            }
            pos += 1
            return Token(kind: .string, start: start + 1, end: pos - 1, hasReference: hasReference)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"):
            while pos < b.count && isWordByte(b[pos]) { pos += 1 }
            try delimited(start, "a key")
            return Token(kind: .key, start: start, end: pos)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return try numberToken()
        default:
            throw input.error(at: start, "expected a key, a value or a bracket, found \(input.found(at: start))")
        }
    }

    /// `[+-]digits[.digits][e[+-]digits]`, or a signed INF as NetworkX writes it.
    mutating func numberToken() throws -> Token {
        let start = pos
        if b[pos] == UInt8(ascii: "+") || b[pos] == UInt8(ascii: "-") { pos += 1 }
        if pos < b.count, b[pos] == UInt8(ascii: "I") || b[pos] == UInt8(ascii: "i") {
            let word = pos
            while pos < b.count && isWordByte(b[pos]) { pos += 1 }
            let w = String(decoding: UnsafeBufferPointer(rebasing: b[word..<pos]), as: UTF8.self).lowercased()
            guard w == "inf" || w == "infinity" else { throw input.error(at: start, "expected a number, found \(input.found(at: start))") }
            try delimited(start, "a number")
            return Token(kind: .real, start: start, end: pos)
        }
        var digits = 0
        var real = false
        while pos < b.count && isDigit(b[pos]) { pos += 1; digits += 1 }
        if pos < b.count && b[pos] == UInt8(ascii: ".") {
            real = true
            pos += 1
            while pos < b.count && isDigit(b[pos]) { pos += 1; digits += 1 }
        }
        if digits > 0 && pos < b.count && (b[pos] == UInt8(ascii: "e") || b[pos] == UInt8(ascii: "E")) {
            real = true
            pos += 1
            if pos < b.count && (b[pos] == UInt8(ascii: "+") || b[pos] == UInt8(ascii: "-")) { pos += 1 }
            var exponent = 0
            while pos < b.count && isDigit(b[pos]) { pos += 1; exponent += 1 }
            if exponent == 0 { digits = 0 }
        }
        guard digits > 0 else { throw input.error(at: start, "expected a number, found \(input.found(at: start))") }
        try delimited(start, "a number")
        return Token(kind: real ? .real : .int, start: start, end: pos)
    }

    /// A word or number must end at white space, a bracket, a quote or a comment.
    func delimited(_ start: Int, _ what: String) throws {
        guard pos < b.count else { return }
        switch b[pos] {
        case 0x20, 0x0A, 0x09, 0x0D, UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\""), UInt8(ascii: "#"): return
        default: throw input.error(at: start, "expected \(what), found \(input.found(at: start))")
        }
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
}
