// Barnes–Hut space partition: a quadtree in 2D, an octree in 3D. Cells are
// stored in depth-first preorder with a `skip` index (the first cell after a
// subtree), so a force query is one flat loop: open a cell by stepping to
// k + 1, accept it by jumping to skip[k]. All storage is reused between
// builds; it grows only when a layout needs more cells than ever before.

/// A quadtree (2D) or octree (3D) over weighted points, rebuilt each step.
final class BarnesHutTree: ParallelKernel, @unchecked Sendable {
    // Safety: built by one thread (with the pool's help: each chunk builds
    // one subtree into its own store, then copies it to its own range of
    // the cells); queried read-only by the pool's threads afterwards (the
    // pool's semaphores order the build before the queries).
    /// One cell in one 64-byte cache line: centre of mass, mass, width, box
    /// centre (single precision is plenty to decide whether a point is
    /// inside), subtree end and leaf point range (leafStart -1 when inner).
    struct Cell {
        var cx = 0.0, cy = 0.0, cz = 0.0, mass = 0.0, width = 0.0
        var bx: Float = 0, by: Float = 0, bz: Float = 0
        var skip: Int32 = 0, leafStart: Int32 = -1, leafEnd: Int32 = -1
    }

    /// Cells in preorder and the groups among them; kept between builds
    /// and grown only when a build needs more.
    final class CellStore {
        var cells: UnsafeMutablePointer<Cell> = .allocate(capacity: 1)
        var count = 0
        var capacity = 0
        var groupStart: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
        var groupEnd: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
        var groupCount = 0
        var groupCapacity = 0

        /// Empties the store, with room for `cells` cells (more are added as
        /// needed) and `groups` groups (enough for one a point).
        func reset(cells want: Int, groups: Int) {
            count = 0
            groupCount = 0
            reserve(want)
            if groups > groupCapacity {
                groupStart.deallocate(); groupEnd.deallocate()
                groupCapacity = groups
                groupStart = .allocate(capacity: groups); groupEnd = .allocate(capacity: groups)
            }
        }

        func reserve(_ want: Int) {
            guard want > capacity else { return }
            let newCap = max(want, capacity * 2)
            let q = UnsafeMutablePointer<Cell>.allocate(capacity: newCap)
            q.moveInitialize(from: cells, count: count)
            cells.deallocate()
            cells = q
            capacity = newCap
        }

        deinit { cells.deallocate(); groupStart.deallocate(); groupEnd.deallocate() }
    }

    /// The tree the queries read.
    private let out = CellStore()
    var cellCount: Int { out.count }
    /// Groups for `groupRepulsion`: the largest subtrees of at most
    /// `groupSize` points, in tree order (perm[start..<end] each), covering
    /// every point once.
    var groupCount: Int { out.groupCount }
    private var cells: UnsafeMutablePointer<Cell> { out.cells }
    private var groupStart: UnsafeMutablePointer<Int32> { out.groupStart }
    private var groupEnd: UnsafeMutablePointer<Int32> { out.groupEnd }
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
    /// Points per group of `groupRepulsion`: one tree walk serves them all.
    static let groupSize = 32
    /// From this many points, with a pool of two or more threads, the
    /// subtrees below the top few cells are built side by side.
    let parallelFrom: Int

    init(parallelFrom: Int = 100_000) { self.parallelFrom = parallelFrom }

    /// Points in tree order: consecutive entries are close in space, so
    /// querying in this order keeps the tree's hot cells in cache.
    var order: UnsafeMutablePointer<Int32> { perm }

    /// Builds over `count` points; `masses` nil means every mass is 1. With
    /// a `pool`, a big tree's subtrees are built on its threads.
    func build(_ p: PositionArrays, masses: UnsafeMutablePointer<Double>?, pool: WorkerPool? = nil) {
        let n = p.count
        px = p.x; py = p.y; pz = p.z; pm = masses; dimension = p.dimension
        if n > pointCapacity {
            perm.deallocate(); scratch.deallocate()
            pointCapacity = n
            perm = .allocate(capacity: n); scratch = .allocate(capacity: n)
        }
        out.reset(cells: 2 * n + 16, groups: n)
        guard n > 0 else { return }
        for i in 0..<n { perm[i] = Int32(i) }
        var lo = (px[0], py[0], pz[0]), hi = lo
        for i in 0..<n {
            lo.0 = min(lo.0, px[i]); hi.0 = max(hi.0, px[i])
            lo.1 = min(lo.1, py[i]); hi.1 = max(hi.1, py[i])
            lo.2 = min(lo.2, pz[i]); hi.2 = max(hi.2, pz[i])
        }
        let half = max(hi.0 - lo.0, hi.1 - lo.1, hi.2 - lo.2, 1e-9) * 0.5 * 1.0001
        let box = Box(start: 0, end: n, cx: (lo.0 + hi.0) * 0.5, cy: (lo.1 + hi.1) * 0.5, cz: (lo.2 + hi.2) * 0.5,
                      half: half, depth: 0)
        if let pool, pool.threadCount > 1, n >= parallelFrom {
            buildSideBySide(box, pool: pool)
        } else {
            _ = buildCell(box, into: out)
        }
    }

    /// A cell to be made: its points perm[start..<end] and its square (cube).
    private struct Box {
        var start: Int, end: Int
        var cx: Double, cy: Double, cz: Double, half: Double
        var depth: Int
        var count: Int { end - start }
    }

    // The side-by-side build. The top cells (those holding more than a
    // sixteenth of the points) are split here, in preorder; each cell below
    // them is a task whose whole subtree a pool chunk builds into its own
    // store. Then every cell's place in the one preorder array is known: the
    // top cells are written, and the chunks copy their subtrees in, skip
    // indices moved by where each lands. Same cells, same order, same groups
    // as the one-thread build.
    private enum Item { case top(Int), task(Int) }
    private struct Top { var cell: Cell; var end = 0; var children: [Int] = [] }
    private var items: [Item] = []
    private var tops: [Top] = []
    private var tasks: [Box] = []
    private var taskStores: [CellStore] = []
    /// Where each task's subtree starts in the final cells.
    private var taskBase: [Int] = []
    private var copying = false

    private func buildSideBySide(_ root: Box, pool: WorkerPool) {
        items.removeAll(keepingCapacity: true)
        tops.removeAll(keepingCapacity: true)
        tasks.removeAll(keepingCapacity: true)
        let topAbove = max(Self.groupSize, root.count / 16)
        _ = splitTop(root, above: topAbove)
        while taskStores.count < tasks.count { taskStores.append(CellStore()) }
        copying = false
        pool.run(self, chunks: tasks.count)
        // Places in preorder, then each top cell's subtree end and mass (children before parents).
        var place = [Int](repeating: 0, count: items.count)
        taskBase = [Int](repeating: 0, count: tasks.count)
        var at = 0
        for (k, item) in items.enumerated() {
            place[k] = at
            switch item {
            case .top: at += 1
            case .task(let t): taskBase[t] = at; at += taskStores[t].count
            }
        }
        out.reserve(at)
        for (k, item) in items.enumerated().reversed() {
            guard case .top(let t) = item else { continue }
            var m = 0.0, sx = 0.0, sy = 0.0, sz = 0.0
            for child in tops[t].children {
                let c: Cell
                switch items[child] {
                case .top(let u): c = tops[u].cell
                case .task(let u): c = taskStores[u].cells[0]
                }
                m += c.mass; sx += c.mass * c.cx; sy += c.mass * c.cy; sz += c.mass * c.cz
            }
            var cell = tops[t].cell
            cell.mass = m
            if m > 0 { cell.cx = sx / m; cell.cy = sy / m; cell.cz = sz / m } else {
                cell.cx = Double(cell.bx); cell.cy = Double(cell.by); cell.cz = Double(cell.bz)
            }
            cell.skip = Int32(tops[t].end < items.count ? place[tops[t].end] : at)
            tops[t].cell = cell
            (out.cells + place[k]).initialize(to: cell)
        }
        copying = true
        pool.run(self, chunks: tasks.count)
        out.count = at
        for store in taskStores.prefix(tasks.count) {
            (out.groupStart + out.groupCount).update(from: store.groupStart, count: store.groupCount)
            (out.groupEnd + out.groupCount).update(from: store.groupEnd, count: store.groupCount)
            out.groupCount += store.groupCount
        }
    }

    /// Splits a top cell's points among its children, recursing into the big
    /// ones and making the rest tasks; returns its index in `items`.
    private func splitTop(_ box: Box, above: Int) -> Int {
        let index = items.count
        guard box.count > above, box.depth < Self.maxDepth else {
            items.append(.task(tasks.count))
            tasks.append(box)
            return index
        }
        let t = tops.count
        items.append(.top(t))
        tops.append(Top(cell: Cell(width: 2 * box.half, bx: Float(box.cx), by: Float(box.cy), bz: Float(box.cz))))
        var children: [Int] = []
        for child in partition(box) { children.append(splitTop(child, above: above)) }
        tops[t].children = children
        tops[t].end = items.count
        return index
    }

    /// Chunk t builds task t's subtree into its store, or (copying) moves it
    /// into the final cells.
    func run(chunk t: Int, of _: Int) {
        let store = taskStores[t]
        if copying {
            let base = taskBase[t], to = out.cells + base, from = store.cells
            for k in 0..<store.count {
                var c = from[k]
                c.skip += Int32(base)
                (to + k).initialize(to: c)
            }
        } else {
            let box = tasks[t]
            store.reset(cells: 2 * box.count + 16, groups: box.count)
            _ = buildCell(box, into: store)
        }
    }

    /// The children of an inner cell's box, its points sorted among them
    /// (a counting sort into the 4 or 8 quadrants, in quadrant order); only
    /// children with points.
    private func partition(_ box: Box) -> [Box] {
        var result: [Box] = []
        forEachChild(box) { result.append($0) }
        return result
    }

    @inline(__always)
    private func forEachChild(_ box: Box, _ body: (Box) -> Void) {
        let start = box.start, end = box.end, cx = box.cx, cy = box.cy, cz = box.cz
        let three = dimension == 3
        let px = self.px, py = self.py, pz = self.pz, perm = self.perm, scratch = self.scratch
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
        let h = box.half * 0.5
        var s = start
        for o in 0..<(three ? 8 : 4) {
            let c = withUnsafeBytes(of: counts) { $0.bindMemory(to: Int.self)[o] }
            guard c > 0 else { continue }
            body(Box(start: s, end: s + c, cx: cx + (o & 1 != 0 ? h : -h), cy: cy + (o & 2 != 0 ? h : -h),
                     cz: three ? cz + (o & 4 != 0 ? h : -h) : cz, half: h, depth: box.depth + 1))
            s += c
        }
    }

    /// Makes the cell for `box` and its subtree in `store`; returns its index.
    private func buildCell(_ box: Box, into store: CellStore) -> Int {
        if store.count >= store.capacity { store.reserve(store.capacity * 2) }
        let k = store.count
        store.count += 1
        let start = box.start, end = box.end
        (store.cells + k).initialize(to: Cell(width: 2 * box.half, bx: Float(box.cx), by: Float(box.cy), bz: Float(box.cz)))
        let leaf = end - start <= Self.leafSize || box.depth >= Self.maxDepth
        // The first cell (in preorder) small enough starts a group, its subtree
        // in it; so does a leaf of coincident points, however many.
        let groups = store.groupCount
        if (end - start <= Self.groupSize || leaf) && (groups == 0 || Int(store.groupEnd[groups - 1]) <= start) {
            store.groupStart[groups] = Int32(start); store.groupEnd[groups] = Int32(end)
            store.groupCount = groups + 1
        }
        var m = 0.0, sx = 0.0, sy = 0.0, sz = 0.0
        if leaf {
            store.cells[k].leafStart = Int32(start); store.cells[k].leafEnd = Int32(end)
            for q in start..<end {
                let i = Int(perm[q])
                let w = pm?[i] ?? 1
                m += w; sx += w * px[i]; sy += w * py[i]; sz += w * pz[i]
            }
        } else {
            forEachChild(box) { child in
                let c = store.cells[buildCell(child, into: store)]
                m += c.mass; sx += c.mass * c.cx; sy += c.mass * c.cy; sz += c.mass * c.cz
            }
        }
        store.cells[k].mass = m
        if m > 0 { store.cells[k].cx = sx / m; store.cells[k].cy = sy / m; store.cells[k].cz = sz / m } else {
            store.cells[k].cx = box.cx; store.cells[k].cy = box.cy; store.cells[k].cz = box.cz
        }
        store.cells[k].skip = Int32(store.count)
        return k
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
        if two {
            planarSums(start, end, farCount: farCount, nearCount: nearCount, scratch: scratch, rx: rx, ry: ry, rz: rz)
            return start..<end
        }
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

    /// `groupRepulsion`'s sums in 2D (every z is 0), two far cells or two
    /// near points at a time: one vector division serves both, and the two
    /// lanes' sums do not wait on each other. Coincident points (and the
    /// point itself among the near ones) take the scalar rule.
    @inline(__always)
    private func planarSums(_ start: Int, _ end: Int, farCount: Int, nearCount: Int, scratch: GroupScratch,
                            rx: UnsafeMutablePointer<Double>, ry: UnsafeMutablePointer<Double>,
                            rz: UnsafeMutablePointer<Double>) {
        typealias V = SIMD2<Double>
        let px = self.px, py = self.py, pm = self.pm, perm = self.perm
        let farX = UnsafeRawPointer(scratch.farX), farY = UnsafeRawPointer(scratch.farY)
        let farM = UnsafeRawPointer(scratch.farM), near = scratch.near
        let stride = MemoryLayout<Double>.stride
        for q in start..<end {
            let i = Int(perm[q])
            let x = px[i], y = py[i]
            let xs = V(repeating: x), ys = V(repeating: y)
            var ax = V.zero, ay = V.zero
            var f = 0
            while f + 1 < farCount {
                let o = f * stride
                let dx = xs - farX.loadUnaligned(fromByteOffset: o, as: V.self)
                let dy = ys - farY.loadUnaligned(fromByteOffset: o, as: V.self)
                let s = farM.loadUnaligned(fromByteOffset: o, as: V.self) / (dx * dx + dy * dy)
                ax += dx * s; ay += dy * s
                f += 2
            }
            if f < farCount {
                let dx = x - scratch.farX[f], dy = y - scratch.farY[f]
                let s = scratch.farM[f] / (dx * dx + dy * dy)
                ax.x += dx * s; ay.x += dy * s
            }
            @inline(__always) func pair(_ j: Int) -> V {
                var dx = x - px[j], dy = y - py[j]
                var d2 = dx * dx + dy * dy
                if j == i { return .zero }
                if d2 < 1e-18 {
                    // Coincident points: part them along a fixed axis, by index.
                    dx = i < j ? 1e-6 : -1e-6; dy = 0; d2 = 1e-12
                }
                let s = (pm?[j] ?? 1) / d2
                return V(dx * s, dy * s)
            }
            var t = 0
            while t + 1 < nearCount {
                let j0 = Int(near[t]), j1 = Int(near[t + 1])
                let dx = xs - V(px[j0], px[j1]), dy = ys - V(py[j0], py[j1])
                let d2 = dx * dx + dy * dy
                if any(d2 .< 1e-18) {
                    let a = pair(j0), b = pair(j1)
                    ax.x += a.x; ay.x += a.y; ax.y += b.x; ay.y += b.y
                } else {
                    let m = pm.map { V($0[j0], $0[j1]) } ?? V(repeating: 1)
                    let s = m / d2
                    ax += dx * s; ay += dy * s
                }
                t += 2
            }
            if t < nearCount {
                let a = pair(Int(near[t]))
                ax.x += a.x; ay.x += a.y
            }
            rx[i] = ax.sum(); ry[i] = ay.sum(); rz[i] = 0
        }
    }

    deinit { perm.deallocate(); scratch.deallocate() }
}
