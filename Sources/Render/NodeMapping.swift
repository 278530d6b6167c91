import GraphCore

/// Colour, size and label by a metric or node attribute: the one code path
/// behind `tangle render --color-by/--size-by` and the explorer's `color`,
/// `size` and `label` commands. Values always come from the whole graph
/// (`store`); `shown` picks the nodes drawn (whole-graph indices, in the
/// order of the drawn graph; nil: all of them).
public enum NodeMapping {
    /// Categories for `Scene.setStyle` and what the legend says of them.
    public struct Colouring: Sendable, Equatable {
        public var categories: [Int32]
        /// Category names, in palette order (empty for a continuous scale).
        public var entries: [String]
        /// The range of the numbers shown on the theme's ramp (nil for categories).
        public var scale: Legend.Scale?
    }

    /// Colours by `name`: `degree` (doubling buckets), `community` (Louvain on
    /// the whole graph, named "community N" from 1), any other metric or
    /// attribute: numbers on the theme's continuous ramp, text as categories
    /// (the most common first). Unknown names throw, listing the known ones.
    public static func colouring(by name: String, store: MetricStore, shown: [Int]?) throws(GraphError) -> Colouring {
        func pick<T>(_ all: [T]) -> [T] { shown.map { $0.map { all[$0] } } ?? all }
        switch name {
        case "degree":
            let cats = NodeStyle.categories(byDegreeOf: store.graph)
            return Colouring(categories: pick(cats.categories), entries: cats.names, scale: nil)
        case "community":
            let cats = NodeStyle.categories(labels: try store.values(.community).map { Int32($0) }) { "community \($0 + 1)" }
            return Colouring(categories: pick(cats.categories), entries: cats.names, scale: nil)
        default:
            switch try store.quantity(named: name) {
            case .numbers(let values):
                let ramp = NodeStyle.continuous(pick(values))
                return Colouring(categories: ramp.categories, entries: [], scale: ramp.scale)
            case .labels(let labels):
                var ids: [String: Int32] = [:]
                var names: [String] = []
                let numbered: [Int32] = pick(labels).map { text in
                    let t = text ?? "(none)"
                    if let id = ids[t] { return id }
                    ids[t] = Int32(names.count); names.append(t)
                    return Int32(names.count - 1)
                }
                let cats = NodeStyle.categories(labels: numbered) { names[Int($0)] }
                return Colouring(categories: cats.categories, entries: cats.names, scale: nil)
            }
        }
    }

    /// Radii by `name` (`degree`, or any metric or attribute with numbers),
    /// disc area growing with the value, for `nodeCount` drawn nodes; the
    /// range of the values drawn (nil for degree, as before).
    public static func sizing(by name: String, store: MetricStore, shown: [Int]?) throws(GraphError) -> (sizes: [Float], scale: Legend.Scale?) {
        func pick<T>(_ all: [T]) -> [T] { shown.map { $0.map { all[$0] } } ?? all }
        let count = shown?.count ?? store.graph.nodeCount
        let r = NodeStyle.radiusRange(nodeCount: count)
        if name == "degree" { return (pick(NodeStyle.sizes(byDegreeOf: store.graph)), nil) }
        guard case .numbers(let values) = try store.quantity(named: name) else {
            throw GraphError("cannot size by \(name): its values are not numbers")
        }
        let drawn = pick(values)
        let sizes = NodeStyle.sizes(values: drawn, minRadius: r.min, maxRadius: r.max)
        let finite = drawn.compactMap { $0 }.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return (sizes, nil) }
        return (sizes, Legend.Scale(min: lo, max: hi))
    }

    /// Label text by `name`: each node's value (numbers shortened to four
    /// significant digits), or nil where it has none.
    public static func labels(by name: String, store: MetricStore, shown: [Int]?) throws(GraphError) -> [String?] {
        func pick<T>(_ all: [T]) -> [T] { shown.map { $0.map { all[$0] } } ?? all }
        switch try store.quantity(named: name) {
        case .numbers(let values):
            return pick(values).map { v in v.map(scaleText) }
        case .labels(let labels):
            return pick(labels)
        }
    }

    /// A number as the legend shows it: integers whole, others with four significant digits.
    public static func scaleText(_ v: Double) -> String { v.isFinite ? Overlay.scaleText(v) : "\(v)" }
}
