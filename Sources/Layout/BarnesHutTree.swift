// Barnes–Hut space partition: a quadtree in 2D, an octree in 3D. Cells are
// stored in depth-first preorder with a `skip` index (the first cell after a
// subtree), so a force query is one flat loop: open a cell by stepping to
// k + 1, accept it by jumping to skip[k]. All storage is reused between
// builds; it grows only when a layout needs more cells than ever before.

/// A quadtree (2D) or octree (3D) over weighted points, rebuilt each step.
final class BarnesHutTree: @unchecked Sendable {
    // Safety: built by one thread; queried read-only by the pool's threads
    // afterwards (the pool's semaphores order the build before the queries).
    /// One cell in one 64-byte cache line: centre of mass, mass, width, box
    /// centre (single precision is plenty to decide whether a point is
    /// inside), subtree end and leaf point range (leafStart -1 when inner).
    struct Cell {
        var cx = 0.0, cy = 0.0, cz = 0.0, mass = 0.0, width = 0.0
        var bx: Float = 0, by: Float = 0, bz: Float = 0
        var skip: Int32 = 0, leafStart: Int32 = -1, leafEnd: Int32 = -1
    }
    private(set) var cellCount = 0
    private var capacity = 0
    private var cells: UnsafeMutablePointer<Cell> = .allocate(capacity: 1)
    private var perm: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var scratch: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var pointCapacity = 0

    private var px: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var py: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var pz: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    private var pm: UnsafeMutablePointer<Double>?
    private var dimension = 2
    /// Groups for `groupRepulsion`: the largest subtrees of at most
    /// `groupSize` points, in tree order (perm[start..<end] each), covering
    /// every point once.
    private(set) var groupCount = 0
    private var groupStart: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var groupEnd: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var groupCapacity = 0

    /// Points per leaf: small enough that leaves stay cheap, large enough to
    /// keep the tree shallow.
    static let leafSize = 4
    /// Depth past which coincident points share a leaf instead of splitting forever.
    static let maxDepth = 40
    /// Points per group of `groupRepulsion`: one tree walk serves them all.
    static let groupSize = 32

    init() {}

    /// Points in tree order: consecutive entries are close in space, so
    /// querying in this order keeps the tree's hot cells in cache.
    var order: UnsafeMutablePointer<Int32> { perm }

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
        if n > groupCapacity {
            groupStart.deallocate(); groupEnd.deallocate()
            groupCapacity = n
            groupStart = .allocate(capacity: n); groupEnd = .allocate(capacity: n)
        }
        cellCount = 0
        groupCount = 0
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
        let q = UnsafeMutablePointer<Cell>.allocate(capacity: newCap)
        q.moveInitialize(from: cells, count: cellCount)
        cells.deallocate()
        cells = q
        capacity = newCap
    }

    /// Makes the cell for perm[start..<end] and its subtree; returns its index.
    private func buildCell(_ start: Int, _ end: Int, _ cx: Double, _ cy: Double, _ cz: Double,
                           _ half: Double, depth: Int) -> Int {
        if cellCount >= capacity { reserveCells(capacity * 2) }
        let k = cellCount
        cellCount += 1
        (cells + k).initialize(to: Cell(width: 2 * half, bx: Float(cx), by: Float(cy), bz: Float(cz)))
        let leaf = end - start <= Self.leafSize || depth >= Self.maxDepth
        // The first cell (in preorder) small enough starts a group, its subtree
        // in it; so does a leaf of coincident points, however many.
        if (end - start <= Self.groupSize || leaf) && (groupCount == 0 || Int(groupEnd[groupCount - 1]) <= start) {
            groupStart[groupCount] = Int32(start); groupEnd[groupCount] = Int32(end)
            groupCount += 1
        }
        if leaf {
            cells[k].leafStart = Int32(start); cells[k].leafEnd = Int32(end)
            var m = 0.0, sx = 0.0, sy = 0.0, sz = 0.0
            for q in start..<end {
                let i = Int(perm[q])
                let w = pm?[i] ?? 1
                m += w; sx += w * px[i]; sy += w * py[i]; sz += w * pz[i]
            }
            setMass(k, m, sx, sy, sz, cx, cy, cz)
            cells[k].skip = Int32(cellCount)
            return k
        }
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
            let cc = cells[child]
            m += cc.mass; sx += cc.mass * cc.cx; sy += cc.mass * cc.cy; sz += cc.mass * cc.cz
            s += c
        }
        setMass(k, m, sx, sy, sz, cx, cy, cz)
        cells[k].skip = Int32(cellCount)
        return k
    }

    @inline(__always) private func setMass(_ k: Int, _ m: Double, _ sx: Double, _ sy: Double, _ sz: Double,
                                           _ bx: Double, _ by: Double, _ bz: Double) {
        cells[k].mass = m
        if m > 0 { cells[k].cx = sx / m; cells[k].cy = sy / m; cells[k].cz = sz / m } else {
            cells[k].cx = bx; cells[k].cy = by; cells[k].cz = bz
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
        let px = self.px, py = self.py, pz = self.pz, pm = self.pm, perm = self.perm, cells = self.cells
        var fx = 0.0, fy = 0.0, fz = 0.0
        let x = px[i], y = py[i], z = pz[i]
        var k = 0
        let end = cellCount
        while k < end {
            let cell = cells + k
            let ls = Int(cell.pointee.leafStart)
            if ls >= 0 {
                for q in ls..<Int(cell.pointee.leafEnd) {
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
                k = Int(cell.pointee.skip)
                continue
            }
            let dx = x - cell.pointee.cx, dy = y - cell.pointee.cy, dz = z - cell.pointee.cz
            let d2 = dx * dx + dy * dy + dz * dz
            let w = cell.pointee.width
            if w * w < theta2 * d2 {
                let h = w * 0.5
                let inside = abs(x - Double(cell.pointee.bx)) <= h && abs(y - Double(cell.pointee.by)) <= h
                    && abs(z - Double(cell.pointee.bz)) <= h
                if !inside {
                    let f = cell.pointee.mass / d2
                    fx += dx * f; fy += dy * f; fz += dz * f
                    k = Int(cell.pointee.skip)
                    continue
                }
            }
            k += 1
        }
        return (fx, fy, fz)
    }

    /// Scratch of one `groupRepulsion` caller (one per thread): the group's
    /// interaction lists, grown as needed.
    final class GroupScratch {
        fileprivate var farX: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
        fileprivate var farY: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
        fileprivate var farZ: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
        fileprivate var farM: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
        fileprivate var farCapacity = 0
        fileprivate var near: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
        fileprivate var nearCapacity = 0
        init() {}
        fileprivate func reserveFar(_ want: Int) {
            guard want > farCapacity else { return }
            let cap = max(want, 2 * farCapacity, 256)
            for b in [farX, farY, farZ, farM] { b.deallocate() }
            farX = .allocate(capacity: cap); farY = .allocate(capacity: cap)
            farZ = .allocate(capacity: cap); farM = .allocate(capacity: cap)
            farCapacity = cap
        }
        fileprivate func reserveNear(_ want: Int) {
            guard want > nearCapacity else { return }
            let cap = max(want, 2 * nearCapacity, 256)
            let b = UnsafeMutablePointer<Int32>.allocate(capacity: cap)
            b.update(from: near, count: nearCapacity)
            near.deallocate()
            near = b
            nearCapacity = cap
        }
        deinit { for b in [farX, farY, farZ, farM] { b.deallocate() }; near.deallocate() }
    }

    /// `repulsion(on:theta2:)` for every point of group `g` (see `groupCount`),
    /// written to (rx, ry, rz)[i]; returns the group's point range in `order`.
    /// One walk of the tree serves the whole group: a cell is taken whole
    /// when width < θ·distance holds from every point of the group's bounding
    /// box (so for each point, as the single-point walk would, or stricter),
    /// otherwise opened; leaves reached are summed pair by pair. The far cells
    /// and near points are gathered into flat lists first, then each point
    /// runs down them.
    func groupRepulsion(_ g: Int, theta2: Double, scratch: GroupScratch, rx: UnsafeMutablePointer<Double>,
                        ry: UnsafeMutablePointer<Double>, rz: UnsafeMutablePointer<Double>) -> Range<Int> {
        let px = self.px, py = self.py, pz = self.pz, pm = self.pm, perm = self.perm, cells = self.cells
        let start = Int(groupStart[g]), end = Int(groupEnd[g])
        // The group's bounding box.
        var lo = (Double.infinity, Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity, -Double.infinity)
        for q in start..<end {
            let i = Int(perm[q])
            lo.0 = min(lo.0, px[i]); hi.0 = max(hi.0, px[i])
            lo.1 = min(lo.1, py[i]); hi.1 = max(hi.1, py[i])
            lo.2 = min(lo.2, pz[i]); hi.2 = max(hi.2, pz[i])
        }
        var farCount = 0, nearCount = 0
        var k = 0
        let cellEnd = cellCount
        while k < cellEnd {
            let cell = cells + k
            let c = cell.pointee
            // Distance from the centre of mass to the nearest point of the box.
            let ex = max(lo.0 - c.cx, 0, c.cx - hi.0), ey = max(lo.1 - c.cy, 0, c.cy - hi.1), ez = max(lo.2 - c.cz, 0, c.cz - hi.2)
            let d2 = ex * ex + ey * ey + ez * ez
            let w = c.width
            if w * w < theta2 * d2 {
                // Far from every point of the box; and no point may lie in the cell's square.
                let h = w * 0.5
                let bx = Double(c.bx), by = Double(c.by), bz = Double(c.bz)
                let apart = hi.0 < bx - h || lo.0 > bx + h || hi.1 < by - h || lo.1 > by + h || hi.2 < bz - h || lo.2 > bz + h
                if apart {
                    if farCount >= scratch.farCapacity { scratch.reserveFar(farCount + 1) }
                    scratch.farX[farCount] = c.cx; scratch.farY[farCount] = c.cy; scratch.farZ[farCount] = c.cz
                    scratch.farM[farCount] = c.mass
                    farCount += 1
                    k = Int(c.skip)
                    continue
                }
            }
            if c.leafStart >= 0 {
                let ls = Int(c.leafStart), le = Int(c.leafEnd)
                if nearCount + (le - ls) > scratch.nearCapacity { scratch.reserveNear(nearCount + le - ls) }
                for q in ls..<le { scratch.near[nearCount] = perm[q]; nearCount += 1 }
                k = Int(c.skip)
                continue
            }
            k += 1
        }
        let farX = scratch.farX, farY = scratch.farY, farZ = scratch.farZ, farM = scratch.farM, near = scratch.near
        let two = dimension == 2
        for q in start..<end {
            let i = Int(perm[q])
            let x = px[i], y = py[i], z = pz[i]
            var fx = 0.0, fy = 0.0, fz = 0.0
            for f in 0..<farCount {
                let dx = x - farX[f], dy = y - farY[f], dz = z - farZ[f]
                let s = farM[f] / (dx * dx + dy * dy + dz * dz)
                fx += dx * s; fy += dy * s; fz += dz * s
            }
            for t in 0..<nearCount {
                let j = Int(near[t])
                if j == i { continue }
                // In 2D every z is 0: no need to fetch it.
                var dx = x - px[j], dy = y - py[j], dz = two ? 0 : z - pz[j]
                var d2 = dx * dx + dy * dy + dz * dz
                if d2 < 1e-18 {
                    // Coincident points: part them along a fixed axis, by index.
                    dx = i < j ? 1e-6 : -1e-6; dy = 0; dz = 0; d2 = 1e-12
                }
                let s = (pm?[j] ?? 1) / d2
                fx += dx * s; fy += dy * s; fz += dz * s
            }
            rx[i] = fx; ry[i] = fy; rz[i] = fz
        }
        return start..<end
    }

    deinit {
        cells.deallocate()
        perm.deallocate(); scratch.deallocate()
        groupStart.deallocate(); groupEnd.deallocate()
    }
}
