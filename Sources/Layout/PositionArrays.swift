// Mutable positions owned by one layout thread: structure of arrays over raw
// memory (x, y, z; z stays 0 in 2D) so force loops run without checks.

/// Node positions, one coordinate array per axis.
final class PositionArrays: @unchecked Sendable {
    // Safety: owned by the layout thread; workers write disjoint node ranges
    // inside a pool run, which the pool's semaphores order.
    let count: Int
    let dimension: Int
    let x: UnsafeMutablePointer<Double>
    let y: UnsafeMutablePointer<Double>
    let z: UnsafeMutablePointer<Double>

    init(count: Int, dimension: Int) {
        self.count = count
        self.dimension = dimension
        let c = max(1, count)
        x = .allocate(capacity: c); x.initialize(repeating: 0, count: c)
        y = .allocate(capacity: c); y.initialize(repeating: 0, count: c)
        z = .allocate(capacity: c); z.initialize(repeating: 0, count: c)
    }

    convenience init(_ p: LayoutPositions) {
        self.init(count: p.count, dimension: p.dimension)
        load(p)
    }

    /// Copies `p` in; a 2D source into 3D gets z = 0, 3D into 2D drops z.
    func load(_ p: LayoutPositions) {
        let n = min(count, p.count)
        for i in 0..<n {
            x[i] = p[i, 0]; y[i] = p[i, 1]
            z[i] = dimension == 3 && p.dimension == 3 ? p[i, 2] : 0
        }
    }

    func copy(from other: PositionArrays) {
        let n = min(count, other.count)
        x.update(from: other.x, count: n); y.update(from: other.y, count: n); z.update(from: other.z, count: n)
    }

    var positions: LayoutPositions {
        var c = [Double](repeating: 0, count: count * dimension)
        for i in 0..<count {
            c[i * dimension] = x[i]; c[i * dimension + 1] = y[i]
            if dimension == 3 { c[i * dimension + 2] = z[i] }
        }
        return LayoutPositions(dimension: dimension, coordinates: c)
    }

    /// Root mean square distance from the centroid (0 for fewer than 2 nodes).
    func radius() -> Double {
        guard count > 1 else { return 0 }
        var mx = 0.0, my = 0.0, mz = 0.0
        for i in 0..<count { mx += x[i]; my += y[i]; mz += z[i] }
        let n = Double(count)
        mx /= n; my /= n; mz /= n
        var s = 0.0
        for i in 0..<count {
            let dx = x[i] - mx, dy = y[i] - my, dz = z[i] - mz
            s += dx * dx + dy * dy + dz * dz
        }
        return (s / n).squareRoot()
    }

    deinit { x.deallocate(); y.deallocate(); z.deallocate() }
}
