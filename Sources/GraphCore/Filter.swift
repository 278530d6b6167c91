/// The filter language: one parser and one evaluator for `tangle … --filter`
/// and the explorer's `:filter`.
///
/// ```
/// degree >= 5 and not community == 0
/// kcore >= 3 or (club == "Officer" and name ~ /^Mr/i)
/// component == largest and ego("Valjean", 2)
/// path(Valjean, Javert)
/// ```
///
/// A `Filter` is parsed once (`Filter(parsing:)`), then evaluated as often as
/// needed against a `MetricStore`, which computes each metric of the whole
/// graph the first time an expression needs it and keeps it. Evaluation gives
/// a `NodeMask`; `Graph.induced(by:)` turns that into the induced subgraph.
/// Every error is a `GraphError` whose `column` points into the expression
/// (see `Filter.caretLines`).
public struct Filter: Sendable, Equatable, CustomStringConvertible {
    /// The expression as it was typed.
    public let text: String
    /// Its syntax tree.
    public let root: Expression

    /// Parses `text`; a mistake throws a `GraphError` with source "filter",
    /// line 1 and the 1-based column of the mistake.
    public init(parsing text: String) throws(GraphError) {
        var parser = FilterParser(text)
        self.text = text
        self.root = try parser.parseWhole()
    }

    /// The expression re-printed with explicit parentheses (canonical form).
    public var description: String { root.description }

    /// Metrics the expression reads, so a caller can compute them ahead.
    public var metrics: Set<NodeMetric> { root.metrics }

    /// An expression node. `range` is the 0-based character range in `text`
    /// that errors found at evaluation (an unknown name, a missing node) point at.
    public indirect enum Expression: Sendable, Equatable, CustomStringConvertible {
        case compare(Operand, Comparison, Value, range: Range<Int>)
        case ego(node: String, depth: Int, range: Range<Int>)
        case path(from: String, to: String, range: Range<Int>)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case not(Expression)

        public var description: String {
            switch self {
            case .compare(let a, let op, let v, _): return "\(a) \(op.rawValue) \(v)"
            case .ego(let n, let d, _): return "ego(\(Filter.quoted(n)), \(d))"
            case .path(let a, let b, _): return "path(\(Filter.quoted(a)), \(Filter.quoted(b)))"
            case .and(let l, let r): return "(\(l) and \(r))"
            case .or(let l, let r): return "(\(l) or \(r))"
            case .not(let e): return "not \(e)"
            }
        }

        /// The metrics whose values evaluation reads (`kcore >= K` needs only the K-core).
        var metrics: Set<NodeMetric> {
            switch self {
            case .compare(.metric(.kcore), .greaterOrEqual, .number, _), .compare(.metric(.kcore), .greater, .number, _): return []
            case .compare(.metric(let m), _, _, _): return [m]
            case .compare, .ego, .path: return []
            case .and(let l, let r), .or(let l, let r): return l.metrics.union(r.metrics)
            case .not(let e): return e.metrics
            }
        }
    }

    /// The left side of a comparison.
    public enum Operand: Sendable, Equatable, CustomStringConvertible {
        /// A metric computed on the whole graph.
        case metric(NodeMetric)
        /// A node attribute from the file (`attr("name")` when the name is a
        /// metric's or is not a plain word).
        case attribute(String)
        /// The node's id as the file wrote it.
        case id

        public var description: String {
            switch self {
            case .metric(let m): return m.rawValue
            case .attribute(let a): return Filter.isPlainName(a) && NodeMetric(rawValue: a) == nil && a != "id"
                ? a : "attr(\(Filter.quoted(a)))"
            case .id: return "id"
            }
        }
    }

    public enum Comparison: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        /// Substring (a quoted string, case-insensitive) or regex (`/…/`, `/…/i`).
        case matches = "~"
    }

    /// The right side of a comparison.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        /// A number; `text` as typed, so `007 == id`-style string comparisons see it unchanged.
        case number(Double, text: String)
        case string(String)
        /// `/pattern/` with its flags (only `i`).
        case regex(String, caseInsensitive: Bool)
        /// `largest`: the largest component or community.
        case largest

        public var description: String {
            switch self {
            case .number(_, let t): return t
            case .string(let s): return Filter.quoted(s)
            case .regex(let p, let i): return "/\(p)/" + (i ? "i" : "")
            case .largest: return "largest"
            }
        }
    }

    /// Keywords and functions of the language (for completion and help).
    public static let keywords = ["and", "or", "not", "ego", "path", "attr", "largest", "id"]

    /// Names a person can type at the start of a comparison: metrics, `id`,
    /// then `graph`'s attribute keys in file order.
    public static func names(for graph: Graph) -> [String] {
        NodeMetric.allCases.map(\.rawValue) + ["id"] + graph.nodeAttributes.keys
    }

    /// Completions of the word that ends `prefix` (the text typed so far):
    /// keywords, metrics and attribute names that start with it, in that
    /// order, without duplicates. Empty when the text ends in a space or symbol.
    public static func completions(of prefix: String, in graph: Graph) -> [String] {
        let word = String(prefix.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }.reversed())
        guard !word.isEmpty else { return [] }
        var seen = Set<String>()
        let all = ["and", "or", "not", "ego(", "path(", "attr(", "largest"] + names(for: graph)
        return all.filter { $0.hasPrefix(word) && $0 != word && seen.insert($0).inserted }
    }

    /// The expression and a caret under the column of `error`, for a person
    /// reading a terminal:
    /// ```
    ///   degree >= and
    ///             ^
    /// ```
    public static func caretLines(_ text: String, _ error: GraphError, indent: String = "  ") -> String {
        let column = max(1, error.column ?? 1)
        return indent + text + "\n" + indent + String(repeating: " ", count: column - 1) + "^"
    }

    static func isPlainName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
    }

    /// `s` as a string literal of the language (in quotes, `"` and `\\` escaped).
    public static func quoted(_ s: String) -> String {
        var r = "\""
        for c in s {
            if c == "\"" || c == "\\" { r.append("\\") }
            r.append(c)
        }
        return r + "\""
    }
}

/// A per-node quantity the filter language (and colour/size mappings) can use.
public enum NodeMetric: String, Sendable, CaseIterable, Hashable {
    /// Degree as `Graph.degree` counts it (in + out; a self-loop adds 2).
    case degree
    case indegree, outdegree
    /// Core number (`nx.core_number`; self-loops ignored, in + out degree when directed).
    case kcore
    /// `nx.pagerank` with its defaults (α = 0.85, weighted).
    case pagerank
    /// Local clustering coefficient (`nx.clustering`, unweighted); undirected graphs only.
    case clustering
    /// Normalised betweenness (`nx.betweenness_centrality`, unweighted): exact
    /// up to `MetricStore.exactBetweennessLimit` nodes, else estimated from
    /// `MetricStore.betweennessSamples` sources.
    case betweenness
    /// Louvain community (numbered in order of each community's lowest node).
    case community
    /// Connected component (weakly when directed), numbered in order of lowest node.
    case component

    /// True for metrics whose values are labels (where `largest` makes sense).
    public var isPartition: Bool { self == .community || self == .component }
}

/// Which nodes a filter selected: `contains[v]` for node v.
public struct NodeMask: Sendable, Equatable {
    public var contains: [Bool]

    public init(contains: [Bool]) { self.contains = contains }
    public init(count: Int, all value: Bool) { contains = [Bool](repeating: value, count: count) }

    /// Number of selected nodes.
    public var selectedCount: Int {
        contains.withUnsafeBufferPointer { b in
            var c = 0
            for x in b where x { c += 1 }
            return c
        }
    }

    /// Selected nodes in ascending order.
    public var nodes: [Int] {
        var r: [Int] = []
        for (i, x) in contains.enumerated() where x { r.append(i) }
        return r
    }
}
