/// Evaluating a parsed filter to a node mask.
///
/// Comparisons read whole-graph metric arrays from the `MetricStore` (computed
/// once, on first use) and attribute columns from the graph; a node without
/// the attribute matches no comparison on it (`!=` included), so
/// `not club == "x"` is how to include nodes that have no `club`.
extension Filter {
    /// The nodes of `store.graph` the filter selects. Errors (an unknown name,
    /// a node id not in the graph, clustering of a directed graph) are
    /// `GraphError`s at the column of the part that caused them.
    public func evaluate(in store: MetricStore) throws(GraphError) -> NodeMask {
        NodeMask(contains: try Self.evaluate(root, store))
    }

    /// Checks names and node ids against `graph` without computing any metric.
    public func check(against graph: Graph) throws(GraphError) {
        try Self.check(root, graph)
    }

    private static func check(_ e: Expression, _ g: Graph) throws(GraphError) {
        switch e {
        case .compare(.attribute(let key), _, _, let range):
            if g.nodeAttributes.columns[key] == nil { throw unknownAttribute(key, range, g) }
        case .compare(.metric(.clustering), _, _, let range) where g.isDirected:
            throw FilterParser.error(range.lowerBound, "clustering is defined here for undirected graphs only")
        case .compare: break
        case .ego(let id, _, let range):
            if g.node(withID: id) == nil { throw missingNode(id, range) }
        case .path(let a, let b, let range):
            for id in [a, b] where g.node(withID: id) == nil { throw missingNode(id, range) }
        case .and(let l, let r), .or(let l, let r): try check(l, g); try check(r, g)
        case .not(let x): try check(x, g)
        }
    }

    private static func evaluate(_ e: Expression, _ store: MetricStore) throws(GraphError) -> [Bool] {
        let g = store.graph
        switch e {
        case .and(let l, let r):
            var a = try evaluate(l, store)
            let b = try evaluate(r, store)
            for i in a.indices { a[i] = a[i] && b[i] }
            return a
        case .or(let l, let r):
            var a = try evaluate(l, store)
            let b = try evaluate(r, store)
            for i in a.indices { a[i] = a[i] || b[i] }
            return a
        case .not(let x):
            var a = try evaluate(x, store)
            for i in a.indices { a[i] = !a[i] }
            return a
        case .ego(let id, let depth, let range):
            guard let v = store.node(withID: id) else { throw missingNode(id, range) }
            var m = [Bool](repeating: false, count: g.nodeCount)
            g.markNeighbourhood(of: v, depth: depth, in: &m)
            return m
        case .path(let a, let b, let range):
            guard let u = store.node(withID: a) else { throw missingNode(a, range) }
            guard let v = store.node(withID: b) else { throw missingNode(b, range) }
            var m = [Bool](repeating: false, count: g.nodeCount)
            do throws(GraphError) {
                let path = try g.shortestPath(from: u, to: v)
                for x in path ?? [] { m[x] = true }
            } catch {
                throw FilterParser.error(range.lowerBound, error.message)
            }
            return m
        case .compare(.metric(.kcore), let op, .number(let d, _), _)
                where (op == .greaterOrEqual || op == .greater) && !store.isComputed(.kcore) && d.isFinite && abs(d) < 1e9:
            // Core numbers are whole: `kcore >= d` is the ⌈d⌉-core, `kcore > d` the (⌊d⌋+1)-core.
            return store.kCore(atLeast: Int(op == .greater ? d.rounded(.down) + 1 : d.rounded(.up)))
        case .compare(.metric(let metric), let op, let value, let range):
            let values: [Double]
            let x: Double
            do throws(GraphError) {
                values = try store.values(metric)
                if value == .largest {
                    guard let l = try store.largest(metric) else { return [Bool](repeating: false, count: g.nodeCount) }
                    x = l
                } else if case .number(let d, _) = value {
                    x = d
                } else {
                    throw GraphError("\(metric.rawValue) is compared with numbers")
                }
            } catch {
                throw FilterParser.error(range.lowerBound, error.message)
            }
            return compareNumbers(values, op, x)
        case .compare(.id, let op, let value, _):
            return try compareTexts(g.nodeIDs.map { Optional(AttributeValue.string($0)) }, op, value)
        case .compare(.attribute(let key), let op, let value, let range):
            guard let column = g.nodeAttributes.columns[key] else { throw unknownAttribute(key, range, g) }
            return try compareTexts(column, op, value)
        }
    }

    private static func compareNumbers(_ values: [Double], _ op: Comparison, _ x: Double) -> [Bool] {
        var r = [Bool](repeating: false, count: values.count)
        values.withUnsafeBufferPointer { v in
            r.withUnsafeMutableBufferPointer { r in
                switch op {
                case .equal: for i in v.indices { r[i] = v[i] == x }
                case .notEqual: for i in v.indices { r[i] = v[i] != x }
                case .less: for i in v.indices { r[i] = v[i] < x }
                case .lessOrEqual: for i in v.indices { r[i] = v[i] <= x }
                case .greater: for i in v.indices { r[i] = v[i] > x }
                case .greaterOrEqual: for i in v.indices { r[i] = v[i] >= x }
                case .matches: break
                }
            }
        }
        return r
    }

    /// Attribute (or id) comparisons: numerically when both sides are
    /// numbers, else as text (ordering by Unicode scalar order); `~` is a
    /// case-insensitive substring for a "string" and a regex for /…/.
    private static func compareTexts(_ column: [AttributeValue?], _ op: Comparison, _ value: Value) throws(GraphError) -> [Bool] {
        switch value {
        case .regex(let pattern, let insensitive):
            let regex: Regex<AnyRegexOutput>
            do { regex = try Regex(pattern) } catch { throw GraphError("not a valid regular expression: \(error)") }
            let r = insensitive ? regex.ignoresCase() : regex
            return column.map { v in v.map { $0.text.contains(r) } ?? false }
        case .string(let s) where op == .matches:
            let needle = s.lowercased()
            return column.map { v in v.map { $0.text.lowercased().contains(needle) } ?? false }
        case .number(let x, let text) where op == .matches:
            return column.map { v in v.map { $0.text.contains(text) || $0.number == x } ?? false }
        case .number(let x, let text):
            return column.map { v in
                guard let v else { return false }
                if let d = v.number ?? Double(v.text) { return holds(op, d, x) }
                return holds(op, v.text, text)
            }
        case .string(let s):
            return column.map { v in v.map { holds(op, $0.text, s) } ?? false }
        case .largest:
            return column.map { _ in false }
        }
    }

    @inline(__always)
    private static func holds<T: Comparable>(_ op: Comparison, _ a: T, _ b: T) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        case .matches: return false
        }
    }

    private static func unknownAttribute(_ key: String, _ range: Range<Int>, _ g: Graph) -> GraphError {
        let attrs = g.nodeAttributes.keys
        let known = "metrics: " + NodeMetric.allCases.map(\.rawValue).joined(separator: ", ") + ", id"
            + (attrs.isEmpty ? "; the file gives no node attributes" : "; attributes: " + attrs.prefix(20).joined(separator: ", "))
        return FilterParser.error(range.lowerBound, "unknown name \"\(key)\" (\(known))")
    }

    private static func missingNode(_ id: String, _ range: Range<Int>) -> GraphError {
        FilterParser.error(range.lowerBound, "no node with id \"\(id)\"")
    }
}
