#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random and regular graph generators for `tangle gen`, tests and benchmarks.
/// Each is deterministic for a seed. Node ids are 0..<n as text.
public enum Generators {
    /// Barabási–Albert preferential attachment: starts from a star on m+1
    /// nodes, then each new node links to m distinct existing nodes chosen
    /// with probability proportional to degree (as NetworkX's
    /// `barabasi_albert_graph`).
    public static func barabasiAlbert(nodes n: Int, m: Int, seed: UInt64) throws -> Graph {
        guard m >= 1, n > m else { throw GraphError("ba needs 1 ≤ m < nodes (got m=\(m), nodes=\(n))") }
        var rng = RandomSource(seed: seed)
        var b = builder(n, directed: false, edges: n * m)
        var ends: [Int32] = []   // every edge endpoint once: sampling from it is degree-proportional
        ends.reserveCapacity(2 * n * m)
        for v in 1...m { b.addEdge(0, Int32(v)); ends.append(0); ends.append(Int32(v)) }
        var chosen = Set<Int32>()
        var targets: [Int32] = []
        for v in (m + 1)..<n {
            chosen.removeAll(keepingCapacity: true)
            targets.removeAll(keepingCapacity: true)
            while targets.count < m {
                let t = ends[rng.below(ends.count)]
                if chosen.insert(t).inserted { targets.append(t) }
            }
            for t in targets {
                b.addEdge(Int32(v), t)
                ends.append(Int32(v)); ends.append(t)
            }
        }
        return b.build()
    }

    /// Erdős–Rényi G(n, p) by geometric skipping: O(n + m), not O(n²).
    public static func erdosRenyi(nodes n: Int, p: Double, directed: Bool = false, seed: UInt64) throws -> Graph {
        guard n >= 0, p >= 0, p <= 1 else { throw GraphError("er needs nodes ≥ 0 and 0 ≤ p ≤ 1 (got p=\(p))") }
        var rng = RandomSource(seed: seed)
        let expected = p * Double(n) * Double(max(n - 1, 0)) / (directed ? 1 : 2)
        var b = builder(n, directed: directed, edges: Int(min(expected * 1.1 + 16, 1e9)))
        guard p > 0, n > 1 else { return b.build() }
        if p == 1 {
            for u in 0..<n { for v in (directed ? 0 : u + 1)..<n where u != v { b.addEdge(Int32(u), Int32(v)) } }
            return b.build()
        }
        let logq = log1p(-p)
        // Walk the candidate pairs in order, jumping over the ones not chosen.
        var u = directed ? 0 : 1, v = -1
        while u < n {
            let r = rng.unit()
            v += 1 + Int(log1p(-r) / logq)
            while u < n && v >= (directed ? n : u) {
                v -= directed ? n : u
                u += 1
            }
            if u < n {
                if directed {
                    if u != v { b.addEdge(Int32(u), Int32(v)) }
                } else {
                    b.addEdge(Int32(u), Int32(v))
                }
            }
        }
        return b.build()
    }

    /// Watts–Strogatz small world: a ring where each node links to its k
    /// nearest neighbours (k even), each edge's far end rewired with probability p.
    public static func wattsStrogatz(nodes n: Int, k: Int, p: Double, seed: UInt64) throws -> Graph {
        guard k >= 2, k % 2 == 0, k < n, p >= 0, p <= 1 else {
            throw GraphError("ws needs an even k with 2 ≤ k < nodes and 0 ≤ p ≤ 1 (got k=\(k), nodes=\(n), p=\(p))")
        }
        var rng = RandomSource(seed: seed)
        var adjacency = [Set<Int32>](repeating: [], count: n)
        for u in 0..<n {
            for j in 1...(k / 2) {
                let v = (u + j) % n
                adjacency[u].insert(Int32(v)); adjacency[v].insert(Int32(u))
            }
        }
        for j in 1...(k / 2) {
            for u in 0..<n {
                let v = Int32((u + j) % n)
                guard rng.unit() < p, adjacency[u].contains(v), adjacency[u].count < n - 1 else { continue }
                var w: Int32
                repeat { w = Int32(rng.below(n)) } while w == Int32(u) || adjacency[u].contains(w)
                adjacency[u].remove(v); adjacency[Int(v)].remove(Int32(u))
                adjacency[u].insert(w); adjacency[Int(w)].insert(Int32(u))
            }
        }
        var b = builder(n, directed: false, edges: n * k / 2)
        for u in 0..<n { for v in adjacency[u].sorted() where Int(v) > u { b.addEdge(Int32(u), v) } }
        return b.build()
    }

    /// A rows × cols square lattice; node r·cols + c at row r, column c.
    public static func grid(rows: Int, cols: Int) throws -> Graph {
        guard rows >= 1, cols >= 1 else { throw GraphError("grid needs rows ≥ 1 and cols ≥ 1") }
        var b = builder(rows * cols, directed: false, edges: 2 * rows * cols)
        for r in 0..<rows {
            for c in 0..<cols {
                let u = Int32(r * cols + c)
                if c + 1 < cols { b.addEdge(u, u + 1) }
                if r + 1 < rows { b.addEdge(u, u + Int32(cols)) }
            }
        }
        return b.build()
    }

    /// Stochastic block model: blocks of the given sizes, edge probability
    /// pIn inside a block and pOut between blocks. Each node's `block`
    /// attribute says which block it is in.
    public static func stochasticBlockModel(sizes: [Int], pIn: Double, pOut: Double, seed: UInt64) throws -> Graph {
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }), (0...1).contains(pIn), (0...1).contains(pOut) else {
            throw GraphError("sbm needs positive block sizes and probabilities in [0, 1]")
        }
        var rng = RandomSource(seed: seed)
        let n = sizes.reduce(0, +)
        var b = builder(n, directed: false, edges: 0)
        var starts = [0]
        for s in sizes { starts.append(starts.last! + s) }
        for (block, start) in starts.dropLast().enumerated() {
            for u in start..<(start + sizes[block]) { b.setAttribute(node: Int32(u), "block", .int(block)) }
        }
        // Each pair of blocks by geometric skipping over its candidate pairs.
        for i in 0..<sizes.count {
            for j in i..<sizes.count {
                let p = i == j ? pIn : pOut
                guard p > 0 else { continue }
                let pairs = i == j ? sizes[i] * (sizes[i] - 1) / 2 : sizes[i] * sizes[j]
                var index = -1
                let logq = p < 1 ? log1p(-p) : -Double.infinity
                while true {
                    index += p < 1 ? 1 + Int(log1p(-rng.unit()) / logq) : 1
                    guard index < pairs, index >= 0 else { break }
                    let (a, c): (Int, Int)
                    if i == j {
                        // index → (a, c) with a < c over the upper triangle, row by row.
                        var row = Int((Double(2 * sizes[i] - 1) - (Double((2 * sizes[i] - 1) * (2 * sizes[i] - 1)) - 8 * Double(index)).squareRoot()) / 2)
                        while row > 0 && rowStart(row, sizes[i]) > index { row -= 1 }
                        while rowStart(row + 1, sizes[i]) <= index { row += 1 }
                        a = row
                        c = row + 1 + (index - rowStart(row, sizes[i]))
                    } else {
                        a = index / sizes[j]
                        c = index % sizes[j]
                    }
                    b.addEdge(Int32(starts[i] + a), Int32(starts[j] + c))
                }
            }
        }
        return b.build()
    }

    /// Index of the first pair (row, row+1) in the row-major upper triangle of an s × s matrix.
    private static func rowStart(_ row: Int, _ s: Int) -> Int { row * (2 * s - row - 1) / 2 }

    private static func builder(_ n: Int, directed: Bool, edges: Int) -> GraphBuilder {
        var b = GraphBuilder(directed: directed)
        b.reserve(nodes: n, edges: edges)
        for i in 0..<n { b.node(String(i)) }
        return b
    }
}
