/// Pajek `.net` files, as Pajek, NetworkX's `write_pajek` and igraph's
/// `write_pajek` write them. Keywords are case-insensitive; `%` starts a
/// comment line.
///
/// - `*Network NAME` sets the graph's `name`. A second `*Network` (a `.paj`
///   project holding several) ends reading: the first network is the graph.
/// - `*Vertices N [N1]` declares vertices 1…N (all exist, listed or not).
///   A vertex line is `NUMBER ["label"|label] [x y [z]] [shape] [key value]…`;
///   coordinates become the attributes `x`, `y`, `z`, the shape `shape`, and
///   the pairs (NetworkX writes other attributes so) attributes of their own.
/// - Node ids are the labels, as NetworkX reads them; a vertex without a label
///   is called by its number. If two vertices would get the same id, every
///   node is called by its number instead and labels become the `label` attribute.
/// - `*Edges` and `*Arcs` lines are `U V [weight] [key value]…`; `*Edgeslist`
///   and `*Arcslist` lines are `U V1 V2 …`; `*Matrix` is N rows of N values
///   (non-zero values are arcs with that weight).
/// - Any arc (`*Arcs`, `*Arcslist`, `*Matrix`) makes the graph directed; then
///   `*Edges` and `*Edgeslist` lines add both directions.
/// - `*Partition`, `*Vector`, `*Permutation`, `*Cluster` and `*Hierarchy`
///   sections are skipped. A vertex number outside 1…N is an error.
/// - N is limited by `MatrixMarketReader.maxDeclaredNodes`: at least 2^20,
///   else 16 per byte of file, so a tiny file cannot demand gigabytes.
enum PajekReader {
    static let maxNodes = MatrixMarketReader.maxNodes

    static func read(_ input: TextInput, options: ReadOptions) throws -> Graph {
        try input.bytes.withUnsafeBufferPointer { b in
            var parser = Parser(LineTokenizer(b, input: input))
            return try parser.run()
        }
    }

    private enum Section { case none, vertices, edges, arcs, edgesList, arcsList, matrix, skipped }

    private struct Parser {
        var t: LineTokenizer
        var builder = GraphBuilder(directed: false)
        var directed = false
        var section = Section.none
        var vertexCount: Int?
        /// Per vertex: its label's byte range; -1 when not listed, -2 listed without label.
        var labelStart: [Int] = []
        var labelEnd: [Int] = []
        var vertexAttributes: [(Int32, String, AttributeValue)] = []
        var nodesBuilt = false
        var matrixRow = 0

        init(_ t: LineTokenizer) { self.t = t }

        mutating func run() throws -> Graph {
            directed = prescanForArcs()
            builder.isDirected = directed
            builder.reserve(nodes: 0, edges: t.b.count / 10)
            while try t.nextLine() {
                guard let c = t.firstByte(), c != UInt8(ascii: "%") else { continue }
                if c == UInt8(ascii: "*") {
                    if try !sectionLine() { break }
                    continue
                }
                switch section {
                case .none:
                    throw t.input.error(at: t.cursor, "expected a *Vertices line before the data, found \(t.input.found(at: t.cursor))")
                case .vertices: try vertexLine()
                case .edges, .arcs: try edgeLine(bothWays: directed && section == .edges)
                case .edgesList, .arcsList: try listLine(bothWays: directed && section == .edgesList)
                case .matrix: try matrixLine()
                case .skipped: continue
                }
            }
            guard let n = vertexCount else {
                throw t.input.error(at: t.b.count, "expected a *Vertices line, found end of file")
            }
            if section == .matrix && matrixRow < n {
                throw t.input.error(at: t.b.count, "expected \(n) rows in *Matrix, found end of file after \(matrixRow)")
            }
            if !nodesBuilt { buildNodes() }
            return builder.build()
        }

        /// Arcs anywhere make the graph directed; known before any edge is added.
        func prescanForArcs() -> Bool {
            var scan = t
            var networks = 0
            while (try? scan.nextLine()) == true {
                guard scan.firstByte() == UInt8(ascii: "*"), let k = try? scan.token() else { continue }
                if scan.equalsLowercase(k.start + 1, k.end, "network") { networks += 1; if networks > 1 { break } }
                if scan.equalsLowercase(k.start + 1, k.end, "arcs") || scan.equalsLowercase(k.start + 1, k.end, "arcslist")
                    || scan.equalsLowercase(k.start + 1, k.end, "matrix") { return true }
            }
            return false
        }

        /// Handles a `*Keyword` line; false when reading should stop.
        mutating func sectionLine() throws -> Bool {
            let k = try t.requireToken("a section keyword")
            let s = k.start + 1, e = k.end
            if t.equalsLowercase(s, e, "network") {
                if vertexCount != nil { return false }
                t.skipBlanks()
                var name = t.text(t.cursor, t.lineEnd)
                if name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
                if !name.isEmpty { builder.graphAttributes["name"] = .string(name) }
            } else if t.equalsLowercase(s, e, "vertices") {
                // `*Partition NAME` / `*Vector NAME` are followed by their own `*Vertices N`.
                if section == .skipped { return true }
                if vertexCount != nil { throw t.input.error(at: k.start, "a second *Vertices line: a Pajek network declares its vertices once") }
                let tok = try t.requireToken("the number of vertices after *Vertices")
                guard let n = t.unsigned(tok.start, tok.end) else {
                    throw t.input.error(at: tok.start, "expected the number of vertices after *Vertices, found \(t.shown(tok.start, tok.end))")
                }
                let allowed = MatrixMarketReader.maxDeclaredNodes(fileSize: t.b.count)
                guard n <= allowed else {
                    throw t.input.error(at: tok.start, "*Vertices declares \(n) vertices; Tangle reads at most \(allowed) from a file of \(t.b.count) bytes (at most \(maxNodes) in all)")
                }
                if let two = try t.token(), t.unsigned(two.start, two.end) == nil {
                    throw t.input.error(at: two.start, "expected the size of the first mode (an integer) or end of line, found \(t.shown(two.start, two.end))")
                }
                vertexCount = n
                section = .vertices
            } else if let data = dataSection(s, e) {
                guard vertexCount != nil else {
                    throw t.input.error(at: k.start, "expected *Vertices before \(t.shown(k.start, k.end))")
                }
                if !nodesBuilt { buildNodes() }
                if data == .matrix && matrixRow > 0 { throw t.input.error(at: k.start, "a second *Matrix section") }
                section = data  // anything after the keyword (`:2 "relation"`) names a relation; ignored
            } else if ["partition", "vector", "permutation", "cluster", "hierarchy"].contains(where: { t.equalsLowercase(s, e, $0) }) {
                section = .skipped
            } else {
                throw t.input.error(at: k.start, "unknown Pajek section \(t.shown(k.start, k.end)) (expected *Vertices, *Edges, *Arcs, *Edgeslist, *Arcslist or *Matrix)")
            }
            return true
        }

        func dataSection(_ s: Int, _ e: Int) -> Section? {
            if t.equalsLowercase(s, e, "edges") { return .edges }
            if t.equalsLowercase(s, e, "arcs") { return .arcs }
            if t.equalsLowercase(s, e, "edgeslist") { return .edgesList }
            if t.equalsLowercase(s, e, "arcslist") { return .arcsList }
            if t.equalsLowercase(s, e, "matrix") { return .matrix }
            return nil
        }

        // MARK: vertices

        mutating func vertexLine() throws {
            let n = vertexCount ?? 0
            let v = Int(try vertex())
            if labelStart.isEmpty {
                labelStart = Array(repeating: -1, count: n)
                labelEnd = Array(repeating: -1, count: n)
            }
            if labelStart[v] != -1 { throw t.input.error(at: t.lineStart, "vertex \(v + 1) is listed twice") }
            labelStart[v] = -2
            guard let label = try t.token(quotes: true) else { return }
            if label.end > label.start { labelStart[v] = label.start; labelEnd[v] = label.end }
            // Coordinates: up to three numbers after the label.
            var next = try t.token(quotes: true)
            for axis in ["x", "y", "z"] {
                guard let tok = next, !tok.quoted, let value = NumberParsing.double(t.b, tok.start, tok.end) else { break }
                vertexAttributes.append((Int32(v), axis, .double(value)))
                next = try t.token(quotes: true)
            }
            if let tok = next, !tok.quoted,
               ["ellipse", "box", "diamond", "triangle", "cross", "empty"].contains(where: { t.equalsLowercase(tok.start, tok.end, $0) }) {
                vertexAttributes.append((Int32(v), "shape", .string(t.text(tok.start, tok.end))))
                next = try t.token(quotes: true)
            }
            for (key, value) in try pairs(first: next) { vertexAttributes.append((Int32(v), key, value)) }
        }

        /// Interns every vertex, by label where labels are unique.
        mutating func buildNodes() {
            nodesBuilt = true
            let n = vertexCount ?? 0
            var digits: [UInt8] = [UInt8(ascii: "0")]
            var unique = true
            builder.reserve(nodes: n, edges: 0)
            for v in 0..<n {
                MatrixMarketReader.incrementDecimal(&digits)
                let id: Int32
                if v < labelStart.count && labelStart[v] >= 0 {
                    id = builder.node(bytes: UnsafeBufferPointer(rebasing: t.b[labelStart[v]..<labelEnd[v]]))
                } else {
                    id = digits.withUnsafeBufferPointer { builder.node(bytes: $0) }
                }
                if id != Int32(v) { unique = false; break }
            }
            if !unique {
                builder = GraphBuilder(directed: directed)
                builder.reserve(nodes: n, edges: t.b.count / 10)
                digits = [UInt8(ascii: "0")]
                for v in 0..<n {
                    MatrixMarketReader.incrementDecimal(&digits)
                    digits.withUnsafeBufferPointer { _ = builder.node(bytes: $0) }
                    if v < labelStart.count && labelStart[v] >= 0 {
                        builder.setAttribute(node: Int32(v), "label", .string(t.text(labelStart[v], labelEnd[v])))
                    }
                }
            }
            for (v, key, value) in vertexAttributes { builder.setAttribute(node: v, key, value) }
            vertexAttributes = []
        }

        // MARK: edges

        /// A vertex number on the line, as a 0-based node.
        mutating func vertex() throws -> Int32 {
            let n = vertexCount ?? 0
            let tok = try t.requireToken("a vertex number")
            guard let v = t.unsigned(tok.start, tok.end) else {
                throw t.input.error(at: tok.start, "expected a vertex number (1 to \(n)), found \(t.shown(tok.start, tok.end))")
            }
            guard v >= 1 && v <= n else {
                throw t.input.error(at: tok.start, "vertex \(v) is out of range: *Vertices declares \(n), so vertices run from 1 to \(n)")
            }
            return Int32(v - 1)
        }

        mutating func edgeLine(bothWays: Bool) throws {
            let u = try vertex(), v = try vertex()
            var next = try t.token(quotes: true)
            var weight: Double? = nil
            if let tok = next, !tok.quoted, let w = NumberParsing.double(t.b, tok.start, tok.end) {
                if w.isNaN { throw t.input.error(at: tok.start, "the edge weight is NaN: weights must be numbers") }
                weight = w
                next = try t.token(quotes: true)
            }
            builder.addEdge(u, v, weight: weight)
            if bothWays && u != v { builder.addEdge(v, u, weight: weight) }
            for (key, value) in try pairs(first: next) {
                builder.setEdgeAttribute(u, v, key, value)
                if bothWays && u != v { builder.setEdgeAttribute(v, u, key, value) }
            }
        }

        mutating func listLine(bothWays: Bool) throws {
            let u = try vertex()
            while !t.atEndOfLine() {
                let v = try vertex()
                builder.addEdge(u, v)
                if bothWays && u != v { builder.addEdge(v, u) }
            }
        }

        mutating func matrixLine() throws {
            let n = vertexCount ?? 0
            guard matrixRow < n else {
                throw t.input.error(at: t.cursor, "more than \(n) rows in *Matrix, found \(t.input.found(at: t.cursor))")
            }
            for column in 0..<n {
                let tok = try t.requireToken("\(n) values in row \(matrixRow + 1) of *Matrix")
                guard let w = NumberParsing.double(t.b, tok.start, tok.end), !w.isNaN else {
                    throw t.input.error(at: tok.start, "expected a number in *Matrix, found \(t.shown(tok.start, tok.end))")
                }
                if w != 0 { builder.addEdge(Int32(matrixRow), Int32(column), weight: w) }
            }
            if !t.atEndOfLine() {
                throw t.input.error(at: t.cursor, "expected end of line after \(n) values in row \(matrixRow + 1) of *Matrix, found \(t.input.found(at: t.cursor))")
            }
            matrixRow += 1
        }

        /// `key value` pairs to the end of the line, starting with `first`.
        mutating func pairs(first: (start: Int, end: Int, quoted: Bool)?) throws -> [(String, AttributeValue)] {
            var result: [(String, AttributeValue)] = []
            var next = first
            while let key = next {
                let keyShown = t.shown(key.start, key.end)
                let value = try t.requireToken("a value after the attribute name \(keyShown)", quotes: true)
                let text = t.text(value.start, value.end)
                result.append((t.text(key.start, key.end), value.quoted ? .string(text) : .inferred(text)))
                next = try t.token(quotes: true)
            }
            return result
        }
    }
}
