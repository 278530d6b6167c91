import GraphCore

/// Per-node sizes and categories from degrees or attributes, for `Scene.setStyle`.
public enum NodeStyle {
    /// Categories and their names in palette order (the largest first, for
    /// categorical attributes and communities).
    public struct Categorization: Sendable, Equatable {
        public var categories: [Int32]
        public var names: [String]

        public init(categories: [Int32], names: [String]) {
            self.categories = categories
            self.names = names
        }
    }

    /// Radii (pixels) whose disc area grows with `values`; missing or
    /// non-finite values get the smallest radius.
    public static func sizes(values: [Double?], minRadius: Float, maxRadius: Float) -> [Float] {
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), hi > lo else {
            return Array(repeating: evenRadius(minRadius, maxRadius), count: values.count)
        }
        return values.map { v in
            guard let v, v.isFinite else { return minRadius }
            return radius(v, lo: lo, hi: hi, minRadius, maxRadius)
        }
    }

    /// The radius of value `v` on the scale lo…hi: disc area grows with the value.
    @inline(__always)
    static func radius(_ v: Double, lo: Double, hi: Double, _ minRadius: Float, _ maxRadius: Float) -> Float {
        let t = Float((v - lo) / (hi - lo))
        return minRadius + (maxRadius - minRadius) * t.squareRoot()
    }

    /// Every node's radius when all values are equal.
    static func evenRadius(_ minRadius: Float, _ maxRadius: Float) -> Float { (minRadius + maxRadius) / 2 * 0.7 }

    /// Ramp categories (`Theme.rampCategory`) for numbers, linear from their
    /// minimum to their maximum; nodes without a finite value get -1 (the
    /// theme's `other`). The scale is nil when no node has a number.
    public static func continuous(_ values: [Double?]) -> (categories: [Int32], scale: Legend.Scale?) {
        var lo = Double.infinity, hi = -Double.infinity
        for case let v? in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        guard lo <= hi else { return (Array(repeating: -1, count: values.count), nil) }
        let span = hi - lo
        let cats: [Int32] = values.map { v in
            guard let v, v.isFinite else { return -1 }
            return Theme.rampCategory(span > 0 ? (v - lo) / span : 0.5)
        }
        return (cats, Legend.Scale(min: lo, max: hi))
    }

    /// Radii that suit `n` nodes on a screen: big graphs get small discs.
    public static func radiusRange(nodeCount n: Int) -> (min: Float, max: Float) {
        switch n {
        case ..<150: return (4, 14)
        case ..<1_500: return (2.5, 10)
        case ..<15_000: return (1.5, 7)
        default: return (1, 5)
        }
    }

    public static func sizes(byDegreeOf g: Graph) -> [Float] {
        let r = radiusRange(nodeCount: g.nodeCount)
        // As `sizes(values:)` with every value present, without boxing a million optionals.
        let n = g.nodeCount
        var lo = Int.max, hi = Int.min
        for v in 0..<n { let d = g.degree(v); lo = min(lo, d); hi = max(hi, d) }
        guard n > 0, hi > lo else { return Array(repeating: evenRadius(r.min, r.max), count: n) }
        return [Float](unsafeUninitializedCapacity: n) { out, count in
            for v in 0..<n { out[v] = radius(Double(g.degree(v)), lo: Double(lo), hi: Double(hi), r.min, r.max) }
            count = n
        }
    }

    /// Sizes by a numeric node attribute; an error if no node has a number there.
    public static func sizes(byAttribute key: String, of g: Graph) throws -> [Float] {
        guard let column = g.nodeAttributes.columns[key] else {
            throw RenderError("no node attribute \"\(key)\" (known: \(g.nodeAttributes.keys.joined(separator: ", ")))")
        }
        let values = column.map { $0?.number }
        guard values.contains(where: { $0 != nil }) else {
            throw RenderError("node attribute \"\(key)\" has no numbers to size by")
        }
        let r = radiusRange(nodeCount: g.nodeCount)
        return sizes(values: values, minRadius: r.min, maxRadius: r.max)
    }

    /// Categories from labels such as community ids: the largest group is
    /// category 0 (the palette's first colour), and so on.
    public static func categories(labels: [Int32], name: (Int32) -> String = { "\($0)" }) -> Categorization {
        var counts: [Int32: Int] = [:]
        for l in labels { counts[l, default: 0] += 1 }
        let order = counts.keys.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
        var rank: [Int32: Int32] = [:]
        for (i, l) in order.enumerated() { rank[l] = Int32(i) }
        return Categorization(categories: labels.map { rank[$0]! }, names: order.map(name))
    }

    /// Categories by a node attribute's values (text as written); nodes without
    /// a value share the category "(none)".
    public static func categories(byAttribute key: String, of g: Graph) throws -> Categorization {
        guard let column = g.nodeAttributes.columns[key] else {
            throw RenderError("no node attribute \"\(key)\" (known: \(g.nodeAttributes.keys.joined(separator: ", ")))")
        }
        var ids: [String: Int32] = [:]
        var names: [String] = []
        let labels: [Int32] = column.map { v in
            let text = v?.text ?? "(none)"
            if let id = ids[text] { return id }
            let id = Int32(names.count)
            ids[text] = id
            names.append(text)
            return id
        }
        return categories(labels: labels) { names[Int($0)] }
    }

    /// Categories by degree in doubling buckets (1, 2–3, 4–7, …), lowest first.
    public static func categories(byDegreeOf g: Graph, buckets: Int = 7) -> Categorization {
        let degrees = [Int32](unsafeUninitializedCapacity: g.nodeCount) { d, count in
            for v in 0..<g.nodeCount { d[v] = Int32(truncatingIfNeeded: g.degree(v)) }
            count = g.nodeCount
        }
        let top = Int(degrees.max() ?? 0)
        // Bucket b holds degrees in [2^b, 2^(b+1)); degree 0 joins bucket 0.
        var needed = 1
        while needed < buckets && (1 << needed) <= top { needed += 1 }
        let cats: [Int32] = degrees.map { d in
            var b = 0
            while b + 1 < needed && (1 << (b + 1)) <= Int(d) { b += 1 }
            return Int32(b)
        }
        let names: [String] = (0..<needed).map { b in
            let lo = b == 0 ? 0 : 1 << b
            let hi = b == needed - 1 ? top : (1 << (b + 1)) - 1
            return lo == hi ? "\(lo)" : (b == needed - 1 ? "\(lo)+" : "\(lo)–\(hi)")
        }
        return Categorization(categories: cats, names: names)
    }
}
