import TangleBasics
// Spectral layout after Koren (2005): the coordinates are the generalized
// eigenvectors L·u = λ·D·u with the smallest non-zero λ. Found by power
// iteration on ½(I + D⁻¹A), each vector kept D-orthogonal to the constant
// vector and to the ones before it. Convergence is slow when the spectral
// gap is small (large graphs), so the iteration count is capped; the result
// is then a smooth starting point rather than the exact eigenvectors.

enum SpectralLayout {
    /// Places connected `g` (one component) by its first `dimension`
    /// non-trivial eigenvectors, scaled to unit mean edge length.
    static func place(_ g: LayoutGraph, into p: PositionArrays, seed: UInt64, maxIterations: Int? = nil) {
        let n = g.nodeCount
        guard n > 2 else {
            for i in 0..<n { p.x[i] = Double(i); p.y[i] = 0; p.z[i] = 0 }
            return
        }
        var rng = SplitMix64(layoutSeed: seed)
        var degree = [Double](repeating: 0, count: n)
        for u in 0..<n {
            for k in g.offsets[u]..<g.offsets[u + 1] { degree[u] += g.weights[k] }
            if degree[u] == 0 { degree[u] = 1 }
        }
        let work = g.edgeEntries + n
        let cap = maxIterations ?? max(50, min(3000, 40_000_000 / max(1, work)))
        var vectors: [[Double]] = [[Double](repeating: 1, count: n)]
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<p.dimension {
            var u = (0..<n).map { _ in rng.signed() }
            for _ in 0..<cap {
                orthogonalize(&u, against: vectors, degree: degree)
                for a in 0..<n {
                    var s = 0.0
                    for k in g.offsets[a]..<g.offsets[a + 1] { s += g.weights[k] * u[Int(g.targets[k])] }
                    next[a] = 0.5 * (u[a] + s / degree[a])
                }
                let norm = (next.reduce(0) { $0 + $1 * $1 }).squareRoot()
                guard norm > 0, norm.isFinite else { break }
                var change = 0.0
                for a in 0..<n {
                    let v = next[a] / norm
                    change = max(change, abs(v - u[a]))
                    u[a] = v
                }
                if change < 1e-7 { break }
            }
            orthogonalize(&u, against: vectors, degree: degree)
            vectors.append(u)
        }
        for i in 0..<n {
            p.x[i] = vectors[1][i]; p.y[i] = vectors[2][i]; p.z[i] = p.dimension == 3 ? vectors[3][i] : 0
        }
        // Unit mean edge length; a degenerate result (all equal) falls back to a circle.
        var total = 0.0
        for u in 0..<n {
            for k in g.offsets[u]..<g.offsets[u + 1] {
                let v = Int(g.targets[k])
                let dx = p.x[u] - p.x[v], dy = p.y[u] - p.y[v], dz = p.z[u] - p.z[v]
                total += (dx * dx + dy * dy + dz * dz).squareRoot()
            }
        }
        let mean = total / Double(max(1, g.edgeEntries))
        if mean > 1e-12 && mean.isFinite {
            for i in 0..<n { p.x[i] /= mean; p.y[i] /= mean; p.z[i] /= mean }
        } else {
            SimpleLayouts.circular(p, nodes: (0..<n).map { Int32($0) })
        }
    }

    private static func orthogonalize(_ u: inout [Double], against vectors: [[Double]], degree: [Double]) {
        for v in vectors {
            var num = 0.0, den = 0.0
            for a in u.indices { num += u[a] * degree[a] * v[a]; den += v[a] * degree[a] * v[a] }
            guard den > 0 else { continue }
            let c = num / den
            for a in u.indices { u[a] -= c * v[a] }
        }
    }
}
