/// A graph's statistics, with NetworkX's definitions.
///
/// Every value that `/work/shared/peers/nx_stats.py` prints is computed as
/// NetworkX computes it (see each property). Degrees count a self-loop twice
/// and, for directed graphs, add in- and out-degree. Clustering, transitivity
/// and assortativity are defined here for undirected graphs only (nil for
/// directed ones, as nx_stats.py reports them).
public struct GraphStatistics: Sendable {
    /// What to compute and how.
    public struct Options: Sendable {
        /// Components up to this many nodes get an exact diameter...
        public var exactDiameterLimit = 10_000
        /// ...unless BFS from every node would scan more adjacency entries
        /// than this (a dense component), when it is estimated too.
        public var exactDiameterWork = 4_000_000_000
        /// How many node ids `topDegree` and `topPageRank` list.
        public var topK = 10
        /// Threads for triangle counting and the exact diameter.
        public var threads = 2
        /// Seed of Louvain's node order (and of the diameter estimate's starts).
        public var seed: UInt64 = 0
        /// Louvain communities (the slowest part on big graphs).
        public var communities = true
        public var pageRank = true
        public var diameter = true
        /// Triangle-based values (clustering, transitivity) and assortativity.
        public var clustering = true
        public init() {}
    }

    public struct DegreeSummary: Sendable, Equatable {
        public let min: Int
        public let max: Int
        public let mean: Double
    }

    public let nodes: Int
    /// Distinct edges (parallel edges merged; a self-loop counts once).
    public let edges: Int
    public let directed: Bool
    /// True when the graph has edge weights (communities and PageRank use them).
    public let weighted: Bool
    /// `nx.density`: m / (n(n−1)), twice that when undirected; 0 when n ≤ 1.
    public let density: Double
    /// Connected components (weakly connected when directed).
    public let components: Int
    public let largestComponent: Int
    public let selfLoops: Int
    public let degree: DegreeSummary
    /// `nx.average_clustering` (self-loops ignored); nil when directed or empty.
    public let averageClustering: Double?
    /// `nx.transitivity` (0 without triangles); nil when directed or empty.
    public let transitivity: Double?
    /// `nx.degree_assortativity_coefficient`; nil when directed or undefined
    /// (no edges, or every edge end has the same degree).
    public let assortativity: Double?
    /// Louvain's partition; nil when not asked for.
    public let communities: Communities?
    /// Up to `topK` nodes by degree, highest first, ties in node order.
    public let topDegree: [Int]
    /// The degree of each node in `topDegree`.
    public let topDegreeCounts: [Int]
    /// Up to `topK` nodes by PageRank, highest first, ties in node order.
    public let topPageRank: [Int]
    /// The PageRank of each node in `topPageRank`.
    public let topPageRankScores: [Double]
    /// Diameter of the largest component (the first of equal size), edges
    /// taken as undirected; nil when not asked for or the graph is empty.
    public let diameter: Int?
    /// True when `diameter` is a double-sweep lower bound, not exact.
    public let diameterEstimated: Bool
    /// `nx.degree_histogram`: `degreeHistogram[d]` nodes have degree d.
    public let degreeHistogram: [Int]
    /// Node ids, so `topDegree` and `topPageRank` can be printed.
    public let nodeIDs: [String]

    /// Computes the statistics of `g`. `finished` is called with each part's
    /// name as that part ends: "basic" (degrees, components), "clustering"
    /// (triangles, assortativity), "communities", "pagerank", "diameter";
    /// `stats --timing` times the parts with it.
    public static func compute(_ g: Graph, options: Options = Options(),
                               finished: (String) -> Void = { _ in }) -> GraphStatistics {
        let n = g.nodeCount
        let threads = max(1, options.threads)
        var degrees = [Int](repeating: 0, count: n)
        var minDegree = Int.max, maxDegree = 0, degreeSum = 0
        for v in 0..<n {
            let d = g.degree(v)
            degrees[v] = d
            minDegree = min(minDegree, d); maxDegree = max(maxDegree, d); degreeSum += d
        }
        var histogram = [Int](repeating: 0, count: n == 0 ? 0 : maxDegree + 1)
        for d in degrees { histogram[d] += 1 }

        let pairs = Double(n) * Double(n - 1)
        let density = n <= 1 ? 0 : Double(g.edgeCount) / pairs * (g.isDirected ? 1 : 2)

        let (labels, sizes) = g.components()
        var largest = -1
        for c in 0..<sizes.count where largest < 0 || sizes[c] > sizes[largest] { largest = c }
        finished("basic")

        var clustering: Double? = nil, transitivity: Double? = nil, assortativity: Double? = nil
        if !g.isDirected && n > 0 && options.clustering {
            let census = TriangleCensus(g, threads: threads)
            clustering = census.averageClustering
            transitivity = census.transitivity
            assortativity = Self.degreeAssortativity(g, degrees)
            finished("clustering")
        }
        let communities = options.communities ? Communities.louvain(g, seed: options.seed) : nil
        if options.communities { finished("communities") }
        let pageRank = options.pageRank ? PageRank.compute(g) : nil
        if options.pageRank { finished("pagerank") }
        let topDegree = Self.top(options.topK, degrees.map(Double.init))
        let topRanked = pageRank.map { Self.top(options.topK, $0) } ?? []
        var diameter: Int? = nil, estimated = false
        if options.diameter && largest >= 0 {
            let d = DiameterSearch(g: g).diameter(ofComponent: Int32(largest), labels: labels, size: sizes[largest],
                                                  exactLimit: options.exactDiameterLimit,
                                                  exactWork: options.exactDiameterWork, threads: threads, seed: options.seed)
            diameter = d.value
            estimated = d.estimated
            finished("diameter")
        }
        return GraphStatistics(
            nodes: n, edges: g.edgeCount, directed: g.isDirected, weighted: g.isWeighted, density: density,
            components: sizes.count, largestComponent: largest < 0 ? 0 : sizes[largest], selfLoops: g.selfLoopCount,
            degree: DegreeSummary(min: n == 0 ? 0 : minDegree, max: maxDegree,
                                  mean: n == 0 ? 0 : Double(degreeSum) / Double(n)),
            averageClustering: clustering, transitivity: transitivity, assortativity: assortativity,
            communities: communities, topDegree: topDegree, topDegreeCounts: topDegree.map { degrees[$0] },
            topPageRank: topRanked, topPageRankScores: topRanked.map { pageRank?[$0] ?? 0 },
            diameter: diameter, diameterEstimated: estimated, degreeHistogram: histogram, nodeIDs: g.nodeIDs)
    }

    /// NetworkX's degree assortativity: the Pearson correlation of the degrees
    /// at the two ends of every (node, neighbour) pair that `node_degree_xy`
    /// yields — each edge both ways, a self-loop once. The sums are exact
    /// integers and the final differences are taken in 128 bits, so only the
    /// last division rounds (compensated doubles if a sum would overflow).
    static func degreeAssortativity(_ g: Graph, _ degree: [Int]) -> Double? {
        var s = 0, sx = 0, sxx = 0, sxy = 0, overflow = false
        var fs = CompensatedSum(), fsx = CompensatedSum(), fsxx = CompensatedSum(), fsxy = CompensatedSum()
        for u in 0..<g.nodeCount {
            let du = degree[u]
            var rowY = 0
            for k in g.out.offsets[u]..<g.out.offsets[u + 1] { rowY += degree[Int(g.out.targets[k])] }
            let count = g.out.degree(u)
            let x = count * du, xx = x.multipliedReportingOverflow(by: du), xy = du.multipliedReportingOverflow(by: rowY)
            var o1 = false, o2 = false, o3 = false
            s += count
            (sx, o1) = sx.addingReportingOverflow(x)
            (sxx, o2) = sxx.addingReportingOverflow(xx.partialValue)
            (sxy, o3) = sxy.addingReportingOverflow(xy.partialValue)
            overflow = overflow || o1 || o2 || o3 || xx.overflow || xy.overflow
            fs.add(Double(count)); fsx.add(Double(x)); fsxx.add(Double(count) * Double(du) * Double(du))
            fsxy.add(Double(du) * Double(rowY))
        }
        if s == 0 { return nil }
        // The pairs are symmetric, so both variances are the same:
        // r = (S·Σxy − (Σx)²) / (S·Σx² − (Σx)²).
        let numerator: Double, variance: Double
        if overflow {
            let mean = fsx.value / fs.value
            numerator = fsxy.value / fs.value - mean * mean
            variance = fsxx.value / fs.value - mean * mean
        } else {
            numerator = Self.differenceOfProducts(s, sxy, sx, sx)
            variance = Self.differenceOfProducts(s, sxx, sx, sx)
        }
        if variance == 0 || !variance.isFinite { return nil }
        return numerator / variance
    }

    /// a·b − c·d computed exactly in 128 bits, then rounded to a Double.
    static func differenceOfProducts(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        let p = a.multipliedFullWidth(by: b), q = c.multipliedFullWidth(by: d)
        let (low, borrow) = p.low.subtractingReportingOverflow(q.low)
        let high = p.high &- q.high &- (borrow ? 1 : 0)
        if high >= 0 { return Double(high) * 0x1p64 + Double(low) }
        // Negative: round the magnitude (two's complement negation), then negate.
        let (negLow, carry) = (~low).addingReportingOverflow(1)
        let negHigh = ~high &+ (carry ? 1 : 0)
        return -(Double(negHigh) * 0x1p64 + Double(negLow))
    }

    /// The indices of the `k` largest values, largest first, ties by index.
    static func top(_ k: Int, _ values: [Double]) -> [Int] {
        guard k > 0 else { return [] }
        var best: [Int] = []
        best.reserveCapacity(k + 1)
        for i in 0..<values.count {
            if best.count == k, let last = best.last, values[i] <= values[last] { continue }
            var at = best.count
            while at > 0 && values[best[at - 1]] < values[i] { at -= 1 }
            best.insert(i, at: at)
            if best.count > k { best.removeLast() }
        }
        return best
    }
}
