/// A per-node quantity named by a person (`--color-by`, `--size-by`, the
/// explorer's `color`/`size`): a metric or a node attribute.
public enum NodeQuantity: Sendable, Equatable {
    /// Numbers (nil where a node has none): continuous colour, size.
    case numbers([Double?])
    /// Labels (nil where a node has none): categorical colour.
    case labels([String?])
}

extension MetricStore {
    /// The quantity called `name`: a metric (partitions — community,
    /// component — as labels, the rest as numbers), else a node attribute
    /// (numbers when every value it has is a number, else labels). An unknown
    /// name throws, listing what is known.
    public func quantity(named name: String) throws(GraphError) -> NodeQuantity {
        if let m = NodeMetric(rawValue: name) {
            let v = try values(m)
            if m.isPartition { return .labels(v.map { String(Int($0)) }) }
            return .numbers(v.map { Optional($0) })
        }
        guard let column = graph.nodeAttributes.columns[name] else {
            let attrs = graph.nodeAttributes.keys
            throw GraphError("unknown metric or attribute \"\(name)\" (metrics: "
                             + NodeMetric.allCases.map(\.rawValue).joined(separator: ", ")
                             + (attrs.isEmpty ? "; the file gives no node attributes)" : "; attributes: \(attrs.prefix(20).joined(separator: ", ")))"))
        }
        let present = column.compactMap { $0 }
        if !present.isEmpty && present.allSatisfy({ $0.number != nil }) {
            return .numbers(column.map { $0?.number })
        }
        return .labels(column.map { $0?.text })
    }
}
