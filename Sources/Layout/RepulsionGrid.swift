// Fruchterman and Reingold's grid variant: space cut into cells of width 2K,
// and a node is repelled only by nodes in its own and the adjacent cells that
// are closer than 2K. Cells are hashed into a table sized to the node count,
// so sparse, spread-out layouts cost no more memory than dense ones.

/// Spatial hash of points into cubic cells, rebuilt each step on reused memory.
final class RepulsionGrid: @unchecked Sendable {
    // Safety: built by one thread, then queried read-only by the pool.
    private var n = 0
    private var capacity = 0
    private var tableSize = 0
    private var cellX: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var cellY: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var cellZ: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var order: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var start: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var px: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var py: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var pz: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var three = false
    private var cell = 1.0

    init() {}

    @inline(__always) private func hash(_ a: Int32, _ b: Int32, _ c: Int32) -> Int {
        let h = UInt64(UInt32(bitPattern: a)) &* 73856093 ^ UInt64(UInt32(bitPattern: b)) &* 19349663
            ^ UInt64(UInt32(bitPattern: c)) &* 83492791
        return Int(truncatingIfNeeded: h & UInt64(tableSize - 1))
    }

    @inline(__always) private func coordinate(_ v: Double) -> Int32 {
        let c = (v / cell).rounded(.down)
        return Int32(max(-1e9, min(1e9, c.isFinite ? c : 0)))
    }

    func build(_ p: PositionArrays, cell: Double) {
        n = p.count; px = p.x; py = p.y; pz = p.z; three = p.dimension == 3
        self.cell = cell > 0 ? cell : 1
        if n > capacity {
            for q in [cellX, cellY, cellZ, order] { q.deallocate() }
            start.deallocate()
            capacity = n
            var size = 16
            while size < 2 * n { size <<= 1 }
            tableSize = size
            cellX = .allocate(capacity: n); cellY = .allocate(capacity: n); cellZ = .allocate(capacity: n)
            order = .allocate(capacity: n); start = .allocate(capacity: size + 1)
        }
        if tableSize == 0 { tableSize = 16; start.deallocate(); start = .allocate(capacity: 17) }
        start.initialize(repeating: 0, count: tableSize + 1)
        for i in 0..<n {
            cellX[i] = coordinate(px[i]); cellY[i] = coordinate(py[i]); cellZ[i] = three ? coordinate(pz[i]) : 0
            start[hash(cellX[i], cellY[i], cellZ[i]) + 1] += 1
        }
        for b in 0..<tableSize { start[b + 1] += start[b] }
        // Fill with start[b] as a cursor; afterwards start[b] is bucket b's
        // end, so shifting by one makes bucket b span start[b]..<start[b+1].
        for i in 0..<n {
            let b = hash(cellX[i], cellY[i], cellZ[i])
            order[Int(start[b])] = Int32(i)
            start[b] += 1
        }
        for b in stride(from: tableSize, to: 0, by: -1) { start[b] = start[b - 1] }
        start[0] = 0
    }

    /// Σ (p_i − p_j)/d² over nodes j within `radius` of i.
    func repulsion(on i: Int, radius: Double) -> (Double, Double, Double) {
        var fx = 0.0, fy = 0.0, fz = 0.0
        let r2 = radius * radius
        let x = px[i], y = py[i], z = pz[i]
        let zr: ClosedRange<Int32> = three ? -1...1 : 0...0
        for a in Int32(-1)...1 {
            for b in Int32(-1)...1 {
                for c in zr {
                    let gx = cellX[i] &+ a, gy = cellY[i] &+ b, gz = cellZ[i] &+ c
                    let h = hash(gx, gy, gz)
                    for q in Int(start[h])..<Int(start[h + 1]) {
                        let j = Int(order[q])
                        guard j != i, cellX[j] == gx, cellY[j] == gy, cellZ[j] == gz else { continue }
                        var dx = x - px[j], dy = y - py[j], dz = z - pz[j]
                        var d2 = dx * dx + dy * dy + dz * dz
                        if d2 >= r2 { continue }
                        if d2 < 1e-18 { dx = i < j ? 1e-6 : -1e-6; dy = 0; dz = 0; d2 = 1e-12 }
                        fx += dx / d2; fy += dy / d2; fz += dz / d2
                    }
                }
            }
        }
        return (fx, fy, fz)
    }

    deinit {
        for q in [cellX, cellY, cellZ, order, start] { q.deallocate() }
    }
}
