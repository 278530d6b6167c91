// Barnes–Hut space partition: a quadtree in 2D, an octree in 3D. Cells are
// stored in depth-first preorder with a `skip` index (the first cell after a
// subtree), so a force query is one flat loop: open a cell by stepping to
// k + 1, accept it by jumping to skip[k]. All storage is reused between
// builds; it grows only when a layout needs more cells than ever before.

/// A quadtree (2D) or octree (3D) over weighted points, rebuilt each step.
final class BarnesHutTree: @unchecked Sendable {
    // Safety: built by one thread; queried read-only by the pool's threads
    // afterwards (the pool's semaphores order the build before the queries).
    private(set) var cellCount = 0
    private var capacity = 0
    private(set) var comX: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private(set) var comY: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private(set) var comZ: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private(set) var mass: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var width: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var boxX: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var boxY: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var boxZ: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var skip: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    /// Point range of a leaf in `perm`; leafStart is -1 for inner cells.
    private var leafStart: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var leafEnd: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var perm: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var scratch: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var pointCapacity = 0

    private var px: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var py: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var pz: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var pm: UnsafeMutablePointer<Double>?
    private var dimension = 2

    /// Points per leaf: small enough that leaves stay cheap, large enough to
    /// keep the tree shallow.
    static let leafSize = 4
    /// Depth past which coincident points share a leaf instead of splitting forever.
    static let maxDepth = 40

    init() {}

    /// Builds over `count` points; `masses` nil means every mass is 1.
    func build(_ p: PositionArrays, masses: UnsafeMutablePointer<Double>?) {
        let n = p.count
        px = p.x; py = p.y; pz = p.z; pm = masses; dimension = p.dimension
        if n > pointCapacity {
            perm.deallocate(); scratch.deallocate()
            pointCapacity = n
            perm = .allocate(capacity: n); scratch = .allocate(capacity: n)
        }
        reserveCells(max(2 * n + 16, capacity))
        cellCount = 0
        guard n > 0 else { return }
        for i in 0..<n { perm[i] = Int32(i) }
        var lo = (px[0], py[0], pz[0]), hi = lo
        for i in 0..<n {
            lo.0 = min(lo.0, px[i]); hi.0 = max(hi.0, px[i])
            lo.1 = min(lo.1, py[i]); hi.1 = max(hi.1, py[i])
            lo.2 = min(lo.2, pz[i]); hi.2 = max(hi.2, pz[i])
        }
        let half = max(hi.0 - lo.0, hi.1 - lo.1, hi.2 - lo.2, 1e-9) * 0.5 * 1.0001
        _ = buildCell(0, n, (lo.0 + hi.0) * 0.5, (lo.1 + hi.1) * 0.5, (lo.2 + hi.2) * 0.5, half, depth: 0)
    }

    private func reserveCells(_ want: Int) {
        guard want > capacity else { return }
        let newCap = max(want, capacity * 2)
        func grow<T>(_ p: inout UnsafeMutablePointer<T>) {
            let q = UnsafeMutablePointer<T>.allocate(capacity: newCap)
            q.moveInitialize(from: p, count: cellCount)
            p.deallocate()
            p = q
        }
        grow(&comX); grow(&comY); grow(&comZ); grow(&mass); grow(&width)
        grow(&boxX); grow(&boxY); grow(&boxZ); grow(&skip); grow(&leafStart); grow(&leafEnd)
        capacity = newCap
    }

    /// Makes the cell for perm[start..<end] and its subtree; returns its index.
    private func buildCell(_ start: Int, _ end: Int, _ cx: Double, _ cy: Double, _ cz: Double,
                           _ half: Double, depth: Int) -> Int {
        if cellCount >= capacity { reserveCells(capacity * 2) }
        let k = cellCount
        cellCount += 1
        boxX[k] = cx; boxY[k] = cy; boxZ[k] = cz; width[k] = 2 * half
        if end - start <= Self.leafSize || depth >= Self.maxDepth {
            leafStart[k] = Int32(start); leafEnd[k] = Int32(end)
            var m = 0.0, sx = 0.0, sy = 0.0, sz = 0.0
            for q in start..<end {
                let i = Int(perm[q])
                let w = pm?[i] ?? 1
                m += w; sx += w * px[i]; sy += w * py[i]; sz += w * pz[i]
            }
            setMass(k, m, sx, sy, sz)
            skip[k] = Int32(cellCount)
            return k
        }
        leafStart[k] = -1; leafEnd[k] = -1
        // Counting sort of the points into the 4 or 8 children.
        let three = dimension == 3
        var counts: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &counts) { raw in
            let c = raw.bindMemory(to: Int.self)
            for q in start..<end {
                let i = Int(perm[q])
                var o = px[i] >= cx ? 1 : 0
                if py[i] >= cy { o |= 2 }
                if three && pz[i] >= cz { o |= 4 }
                c[o] += 1
            }
            var offs = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &offs) { rawOff in
                let off = rawOff.bindMemory(to: Int.self)
                var s = start
                for o in 0..<8 { off[o] = s; s += c[o] }
                for q in start..<end {
                    let i = Int(perm[q])
                    var o = px[i] >= cx ? 1 : 0
                    if py[i] >= cy { o |= 2 }
                    if three && pz[i] >= cz { o |= 4 }
                    scratch[off[o]] = perm[q]
                    off[o] += 1
                }
            }
        }
        (perm + start).update(from: scratch + start, count: end - start)
        let h = half * 0.5
        var m = 0.0, sx = 0.0, sy = 0.0, sz = 0.0
        var s = start
        let childCount = three ? 8 : 4
        for o in 0..<childCount {
            let c = withUnsafeBytes(of: counts) { $0.bindMemory(to: Int.self)[o] }
            guard c > 0 else { continue }
            let child = buildCell(s, s + c, cx + (o & 1 != 0 ? h : -h), cy + (o & 2 != 0 ? h : -h),
                                  three ? cz + (o & 4 != 0 ? h : -h) : cz, h, depth: depth + 1)
            m += mass[child]; sx += mass[child] * comX[child]; sy += mass[child] * comY[child]
            sz += mass[child] * comZ[child]
            s += c
        }
        setMass(k, m, sx, sy, sz)
        skip[k] = Int32(cellCount)
        return k
    }

    @inline(__always) private func setMass(_ k: Int, _ m: Double, _ sx: Double, _ sy: Double, _ sz: Double) {
        mass[k] = m
        if m > 0 { comX[k] = sx / m; comY[k] = sy / m; comZ[k] = sz / m } else {
            comX[k] = boxX[k]; comY[k] = boxY[k]; comZ[k] = boxZ[k]
        }
    }

    /// Σ_j m_j (p_i − p_j) / |p_i − p_j|² over every other point j, with far
    /// cells taken whole when width < θ·distance: the direction and 1/d law
    /// shared by ForceAtlas2 and Fruchterman–Reingold repulsion (scale by the
    /// caller's coefficient and m_i). With `sizes`, exact pairs use
    /// ForceAtlas2's overlap rule: distance less both radii, and a strong
    /// constant push (`overlapForce`) while they overlap.
    @inline(__always)
    func repulsion(on i: Int, theta2: Double, sizes: UnsafeMutablePointer<Double>? = nil,
                   overlapForce: Double = 100) -> (Double, Double, Double) {
        // Locals: class `var`s would pay an exclusivity check on every access.
        let px = self.px, py = self.py, pz = self.pz, pm = self.pm
        let leafStart = self.leafStart, leafEnd = self.leafEnd, perm = self.perm, skip = self.skip
        let comX = self.comX, comY = self.comY, comZ = self.comZ, mass = self.mass, width = self.width
        let boxX = self.boxX, boxY = self.boxY, boxZ = self.boxZ
        var fx = 0.0, fy = 0.0, fz = 0.0
        let x = px[i], y = py[i], z = pz[i]
        var k = 0
        let end = cellCount
        while k < end {
            let ls = Int(leafStart[k])
            if ls >= 0 {
                for q in ls..<Int(leafEnd[k]) {
                    let j = Int(perm[q])
                    if j == i { continue }
                    var dx = x - px[j], dy = y - py[j], dz = z - pz[j]
                    var d2 = dx * dx + dy * dy + dz * dz
                    if d2 < 1e-18 {
                        // Coincident points: part them along a fixed axis, by index.
                        dx = i < j ? 1e-6 : -1e-6; dy = 0; dz = 0; d2 = 1e-12
                    }
                    let mj = pm?[j] ?? 1
                    if let sizes {
                        let d = d2.squareRoot()
                        let gap = d - sizes[i] - sizes[j]
                        let f: Double = gap > 0 ? mj / gap : (gap < 0 ? overlapForce * mj : 0)
                        fx += dx / d * f; fy += dy / d * f; fz += dz / d * f
                    } else {
                        let f = mj / d2
                        fx += dx * f; fy += dy * f; fz += dz * f
                    }
                }
                k = Int(skip[k])
                continue
            }
            let dx = x - comX[k], dy = y - comY[k], dz = z - comZ[k]
            let d2 = dx * dx + dy * dy + dz * dz
            let w = width[k]
            if w * w < theta2 * d2 {
                let h = w * 0.5
                let inside = abs(x - boxX[k]) <= h && abs(y - boxY[k]) <= h && abs(z - boxZ[k]) <= h
                if !inside {
                    let f = mass[k] / d2
                    fx += dx * f; fy += dy * f; fz += dz * f
                    k = Int(skip[k])
                    continue
                }
            }
            k += 1
        }
        return (fx, fy, fz)
    }

    deinit {
        for p in [comX, comY, comZ, mass, width, boxX, boxY, boxZ] { p.deallocate() }
        for p in [skip, leafStart, leafEnd, perm, scratch] { p.deallocate() }
    }
}
