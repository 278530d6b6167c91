import TangleBasics

// Pivot MDS (Brandes and Pich, "Eigensolver methods for progressive
// multidimensional scaling of large data", 2006): hop distances from a few
// pivots chosen far apart, double-centred, and the positions are the
// n×k matrix C times the top eigenvectors of the small k×k matrix CᵀC.
// A handful of BFS passes and O(n·k) arithmetic: the multilevel layout shows
// it as the first picture of a big graph while it coarsens (a million nodes
// take seconds to coarsen, a dozen BFS well under one).

enum PivotMDS {
    /// Places `g` into `p` from `pivots` BFS distance rows, scaled so the
    /// mean edge is about one unit long. Nodes no pivot reaches (other
    /// components) are put one hop beyond the farthest distance.
    static func place(_ g: LayoutGraph, into p: PositionArrays, pivots: Int = 12, seed: UInt64) {
        let n = g.nodeCount
        guard n > 2 else {
            for i in 0..<n { p.x[i] = Double(i); p.y[i] = 0; p.z[i] = 0 }
            return
        }
        let k = min(pivots, n)
        let dim = p.dimension
        var rng = SplitMix64(layoutSeed: seed ^ 0x9170)
        var depth = [Int32](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        var nearest = [Int32](repeating: Int32.max, count: n)
        // Column j of C: squared distances from pivot j, node-major (c[i·k + j]).
        var c = [Double](repeating: 0, count: n * k)
        var next = rng.below(n)
        for j in 0..<k {
            g.hopDistances(from: next, into: &depth, queue: &queue)
            var farthest: Int32 = 0
            for i in 0..<n where depth[i] > farthest { farthest = depth[i] }
            var best = next, bestD: Int32 = -1
            for i in 0..<n {
                let d = depth[i] >= 0 ? depth[i] : farthest + 1
                c[i * k + j] = Double(d) * Double(d)
                if d < nearest[i] { nearest[i] = d }
                if nearest[i] > bestD { bestD = nearest[i]; best = i }
            }
            next = best
        }
        // Double centring: subtract row and column means, add the grand mean, times −½.
        var colMean = [Double](repeating: 0, count: k)
        var grand = 0.0
        for i in 0..<n { for j in 0..<k { colMean[j] += c[i * k + j] } }
        for j in 0..<k { colMean[j] /= Double(n); grand += colMean[j] }
        grand /= Double(k)
        for i in 0..<n {
            var rowMean = 0.0
            for j in 0..<k { rowMean += c[i * k + j] }
            rowMean /= Double(k)
            for j in 0..<k { c[i * k + j] = -0.5 * (c[i * k + j] - rowMean - colMean[j] + grand) }
        }
        // B = CᵀC (k×k), its top eigenvectors by power iteration with deflation.
        var b = [Double](repeating: 0, count: k * k)
        for i in 0..<n {
            for r in 0..<k {
                let cr = c[i * k + r]
                for s in r..<k { b[r * k + s] += cr * c[i * k + s] }
            }
        }
        for r in 0..<k { for s in 0..<r { b[r * k + s] = b[s * k + r] } }
        var vectors: [[Double]] = []
        for _ in 0..<dim {
            var v = (0..<k).map { _ in rng.signed() }
            for _ in 0..<200 {
                var w = [Double](repeating: 0, count: k)
                for r in 0..<k { for s in 0..<k { w[r] += b[r * k + s] * v[s] } }
                for u in vectors {
                    var dot = 0.0
                    for r in 0..<k { dot += w[r] * u[r] }
                    for r in 0..<k { w[r] -= dot * u[r] }
                }
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 1e-300, norm.isFinite else { break }
                v = w.map { $0 / norm }
            }
            vectors.append(v)
        }
        for i in 0..<n {
            var x = 0.0, y = 0.0, z = 0.0
            for j in 0..<k {
                let cij = c[i * k + j]
                x += cij * vectors[0][j]; y += cij * vectors[1][j]
                if dim == 3 { z += cij * vectors[2][j] }
            }
            p.x[i] = x; p.y[i] = y; p.z[i] = z
        }
        // About one unit per edge; nodes at one place get a little spread so none coincide.
        var total = 0.0
        for u in 0..<n {
            for e in g.offsets[u]..<g.offsets[u + 1] {
                let v = Int(g.targets[e])
                let dx = p.x[u] - p.x[v], dy = p.y[u] - p.y[v], dz = p.z[u] - p.z[v]
                total += (dx * dx + dy * dy + dz * dz).squareRoot()
            }
        }
        let mean = total / Double(max(1, g.edgeEntries))
        let scale = mean > 1e-12 && mean.isFinite ? 1 / mean : 1
        for i in 0..<n {
            p.x[i] = p.x[i] * scale + rng.signed() * 0.3
            p.y[i] = p.y[i] * scale + rng.signed() * 0.3
            p.z[i] = dim == 3 ? p.z[i] * scale + rng.signed() * 0.3 : 0
        }
    }
}
