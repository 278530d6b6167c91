/// Incremental search over node labels: case-insensitive substring, prefix
/// matches first, then by degree (the node you most likely meant).
public struct Search: Sendable, Equatable {
    public private(set) var query = ""
    public private(set) var matches: [Int] = []
    /// Index into `matches` of the current one.
    public private(set) var current = 0
    /// True while the user is typing the query.
    public var editing = false

    public init() {}

    public var currentNode: Int? { matches.isEmpty ? nil : matches[current] }

    /// Recomputes matches for a new query.
    public mutating func update(query: String, labels: [String], lowercased: [String], degree: (Int) -> Int) {
        self.query = query
        current = 0
        guard !query.isEmpty else { matches = []; return }
        let q = query.lowercased()
        var prefix: [Int] = [], inner: [Int] = []
        for (node, label) in lowercased.enumerated() {
            if label.hasPrefix(q) { prefix.append(node) } else if label.contains(q) { inner.append(node) }
        }
        let byDegree = { (a: Int, b: Int) -> Bool in
            let da = degree(a), db = degree(b)
            return da != db ? da > db : labels[a] < labels[b]
        }
        matches = prefix.sorted(by: byDegree) + inner.sorted(by: byDegree)
    }

    public mutating func next(_ step: Int) {
        guard !matches.isEmpty else { return }
        current = ((current + step) % matches.count + matches.count) % matches.count
    }

    public mutating func clear() { self = Search() }
}
