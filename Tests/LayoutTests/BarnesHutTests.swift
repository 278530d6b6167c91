import TangleBasics
import Testing
@testable import Layout

@Suite struct BarnesHutTests {
    /// Random points, clustered so some cells are dense and some sparse.
    func points(_ n: Int, dimension: Int, seed: UInt64) -> PositionArrays {
        var rng = SplitMix64(layoutSeed: seed)
        let p = PositionArrays(count: n, dimension: dimension)
        for i in 0..<n {
            let cluster = Double(i % 5) * 10
            p.x[i] = cluster + rng.signed() * 3; p.y[i] = rng.signed() * 8
            p.z[i] = dimension == 3 ? rng.signed() * 5 : 0
        }
        return p
    }

    func exact(_ p: PositionArrays, masses: [Double], _ i: Int) -> (Double, Double, Double) {
        var f = (0.0, 0.0, 0.0)
        for j in 0..<p.count where j != i {
            let dx = p.x[i] - p.x[j], dy = p.y[i] - p.y[j], dz = p.z[i] - p.z[j]
            let d2 = dx * dx + dy * dy + dz * dz
            f.0 += masses[j] * dx / d2; f.1 += masses[j] * dy / d2; f.2 += masses[j] * dz / d2
        }
        return f
    }

    /// Median and max relative error of the tree's force against the exact sum.
    func errors(dimension: Int, theta: Double) -> (median: Double, max: Double) {
        let n = 1500
        let p = points(n, dimension: dimension, seed: 7)
        var masses = (0..<n).map { Double(1 + $0 % 4) }
        let tree = BarnesHutTree()
        masses.withUnsafeMutableBufferPointer { m in tree.build(p, masses: m.baseAddress) }
        var errs: [Double] = []
        for i in stride(from: 0, to: n, by: 7) {
            let a = tree.repulsion(on: i, theta2: theta * theta)
            let e = exact(p, masses: masses, i)
            let diff = ((a.0 - e.0) * (a.0 - e.0) + (a.1 - e.1) * (a.1 - e.1) + (a.2 - e.2) * (a.2 - e.2)).squareRoot()
            let norm = (e.0 * e.0 + e.1 * e.1 + e.2 * e.2).squareRoot()
            errs.append(diff / norm)
        }
        errs.sort()
        return (errs[errs.count / 2], errs.last ?? 0)
    }

    @Test(arguments: [2, 3])
    func thetaZeroIsExact(dimension: Int) {
        let e = errors(dimension: dimension, theta: 0)
        #expect(e.max < 1e-9)
    }

    /// Far cells are monopoles about their centre of mass, so the dipole term
    /// vanishes and the error per cell is O(θ²): the median relative error
    /// stays under θ²/4 (max under θ²), and it falls as θ falls.
    @Test(arguments: [2, 3])
    func errorWithinWhatThetaImplies(dimension: Int) {
        var previous = Double.infinity
        for theta in [1.2, 1.0, 0.7, 0.5, 0.3] {
            let e = errors(dimension: dimension, theta: theta)
            #expect(e.median <= theta * theta / 4, "θ=\(theta) median \(e.median)")
            #expect(e.max <= theta * theta, "θ=\(theta) max \(e.max)")
            #expect(e.median <= previous)
            previous = e.median
        }
    }

    /// The group walk: every point in exactly one group; θ = 0 exact; as
    /// accurate as the single-point walk (a cell it takes whole, the point walk
    /// would take too; errors of the finer sums need not be smaller point by
    /// point: medians within 25%, usually below), and never worse than θ²
    /// against the exact sum.
    @Test(arguments: [2, 3])
    func groupWalkCoversEveryPointAndIsAsAccurate(dimension: Int) {
        let n = 1500
        let p = points(n, dimension: dimension, seed: 11)
        var masses = (0..<n).map { Double(1 + $0 % 3) }
        let tree = BarnesHutTree()
        masses.withUnsafeMutableBufferPointer { m in tree.build(p, masses: m.baseAddress) }
        let scratch = BarnesHutTree.GroupScratch()
        let rx = UnsafeMutablePointer<Double>.allocate(capacity: n), ry = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let rz = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { rx.deallocate(); ry.deallocate(); rz.deallocate() }
        for theta in [0.0, 0.5, 1.0, 1.2] {
            var seen = [Int](repeating: 0, count: n)
            var covered = 0
            for g in 0..<tree.groupCount {
                let range = tree.groupRepulsion(g, theta2: theta * theta, scratch: scratch, rx: rx, ry: ry, rz: rz)
                #expect(range.lowerBound == covered)
                covered = range.upperBound
                for q in range { seen[Int(tree.order[q])] += 1 }
            }
            #expect(covered == n && seen.allSatisfy { $0 == 1 })
            #expect(tree.groupCount > n / BarnesHutTree.groupSize / 4, "groups of a few points at most: \(tree.groupCount)")
            var groupErr: [Double] = [], pointErr: [Double] = []
            for i in stride(from: 0, to: n, by: 5) {
                let e = exact(p, masses: masses, i)
                let norm = (e.0 * e.0 + e.1 * e.1 + e.2 * e.2).squareRoot()
                func err(_ a: (Double, Double, Double)) -> Double {
                    ((a.0 - e.0) * (a.0 - e.0) + (a.1 - e.1) * (a.1 - e.1) + (a.2 - e.2) * (a.2 - e.2)).squareRoot() / norm
                }
                groupErr.append(err((rx[i], ry[i], rz[i])))
                pointErr.append(err(tree.repulsion(on: i, theta2: theta * theta)))
            }
            groupErr.sort(); pointErr.sort()
            if theta == 0 { #expect(groupErr.last! < 1e-9) }
            #expect(groupErr[groupErr.count / 2] <= 1.25 * pointErr[pointErr.count / 2] + 1e-12, "θ=\(theta)")
            #expect(groupErr.last! <= max(theta * theta, 1e-9), "θ=\(theta)")
        }
    }

    /// Built side by side on a pool's threads (subtrees in their own stores,
    /// then copied into place), the tree is the one-thread tree: same order,
    /// same groups, and every force the same to the bit. Clustered points and
    /// a pile of coincident ones (cells down to the depth limit).
    @Test(arguments: [2, 3])
    func sideBySideBuildIsTheSameTree(dimension: Int) {
        let n = 6000
        let p = points(n, dimension: dimension, seed: 5)
        for i in 0..<300 { p.x[i] = 12.5; p.y[i] = -3.25; p.z[i] = dimension == 3 ? 1 : 0 }
        var masses = (0..<n).map { Double(1 + $0 % 4) }
        let pool = WorkerPool(threads: 2)
        defer { pool.shutdown() }
        let alone = BarnesHutTree(), together = BarnesHutTree(parallelFrom: 1000)
        masses.withUnsafeMutableBufferPointer { m in
            alone.build(p, masses: m.baseAddress)
            // Twice: the second build reuses the stores of the first.
            together.build(p, masses: m.baseAddress, pool: pool)
            together.build(p, masses: m.baseAddress, pool: pool)
        }
        #expect(alone.cellCount == together.cellCount)
        #expect(alone.groupCount == together.groupCount)
        #expect((0..<n).allSatisfy { alone.order[$0] == together.order[$0] })
        let scratch = BarnesHutTree.GroupScratch()
        let a = (0..<3).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: n) }
        let b = (0..<3).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: n) }
        defer { for q in a + b { q.deallocate() } }
        for g in 0..<min(alone.groupCount, together.groupCount) {
            let ra = alone.groupRepulsion(g, theta2: 1, scratch: scratch, rx: a[0], ry: a[1], rz: a[2])
            let rb = together.groupRepulsion(g, theta2: 1, scratch: scratch, rx: b[0], ry: b[1], rz: b[2])
            #expect(ra == rb)
        }
        #expect((0..<n).allSatisfy { a[0][$0] == b[0][$0] && a[1][$0] == b[1][$0] && a[2][$0] == b[2][$0] })
        for i in stride(from: 0, to: n, by: 37) {
            let fa = alone.repulsion(on: i, theta2: 0.64), fb = together.repulsion(on: i, theta2: 0.64)
            #expect(fa == fb, "point \(i)")
        }
    }

    @Test func coincidentPointsGiveFiniteForces() {
        let p = PositionArrays(count: 50, dimension: 2)   // all at the origin
        let tree = BarnesHutTree()
        tree.build(p, masses: nil)
        for i in 0..<50 {
            let f = tree.repulsion(on: i, theta2: 1)
            #expect(f.0.isFinite && f.1.isFinite && f.2.isFinite)
        }
        // The group walk too: one leaf of 50 coincident points is one group.
        let scratch = BarnesHutTree.GroupScratch()
        let r = UnsafeMutablePointer<Double>.allocate(capacity: 150)
        defer { r.deallocate() }
        var covered = 0
        for g in 0..<tree.groupCount {
            covered += tree.groupRepulsion(g, theta2: 1, scratch: scratch, rx: r, ry: r + 50, rz: r + 100).count
        }
        #expect(covered == 50)
        #expect((0..<150).allSatisfy { r[$0].isFinite })
    }

    @Test func gridRepulsionMatchesExactWithinRadius() {
        let p = points(400, dimension: 2, seed: 3)
        let grid = RepulsionGrid()
        grid.build(p, cell: 4)
        for i in stride(from: 0, to: 400, by: 13) {
            var e = (0.0, 0.0)
            for j in 0..<400 where j != i {
                let dx = p.x[i] - p.x[j], dy = p.y[i] - p.y[j]
                let d2 = dx * dx + dy * dy
                if d2 < 16 { e.0 += dx / d2; e.1 += dy / d2 }
            }
            let g = grid.repulsion(on: i, radius: 4)
            #expect(abs(g.0 - e.0) < 1e-9 && abs(g.1 - e.1) < 1e-9)
        }
    }
}
