import Foundation

/// The level of detail used while the picture moves: edges (and, in big
/// graphs, the smallest nodes) are rasterized on the CPU into a density
/// field at a fraction of the frame's resolution, then composited over the
/// background on the CPU (`DensityLayer+Composite.swift`) before the nodes
/// are painted (`NodePainter`). llvmpipe spends ~200 ns setting up each
/// line or point whatever its length, so half a million edges cost GL far
/// more than touching a few million low-resolution cells here. Rasterizing
/// and resolving run in two bands of rows on two threads.
///
/// Each edge adds its colour, weighted by its alpha, to the cells it crosses;
/// a cell's opacity is then 1 − e^(−Σα), which is what k lines of alpha α
/// blended in any order converge to (1 − (1 − α)^k). Dense bundles become
/// one smooth band instead of thousands of lines. The resolution divisor
/// adapts to keep the work near `budget` cell updates a frame; past the
/// coarsest divisor, every k-th edge is taken with k times the weight.
///
/// Edges are rasterized tile by tile (a counting sort on the tile of their
/// first endpoint): a 1280×720 frame at ÷2 has 3.7 MB of accumulators, more
/// than a core's L2, and edges in the graph's order jump all over it.
final class DensityLayer {
    static let divisors = [2, 3, 4, 6, 8]
    /// Tile side in layer cells for the edge sort: 32×32 accumulators are 16 KiB.
    static let tileShift = 5
    var budget = 4_000_000
    /// The budget for this frame: `budget`, less for a small frame (a
    /// reduced moving frame of a big graph need not cost a full one's
    /// work: 20 updates a pixel, at least 500k).
    private var frameBudget = 4_000_000

    private(set) var divisor = 2
    private(set) var layerWidth = 0
    private(set) var layerHeight = 0
    private var accumulation: [SIMD4<Float>] = []
    /// The resolved layer: premultiplied RGBA, top row first.
    private(set) var rgba: [UInt8] = []
    /// Per layer row: whether any cell in it has ink (the compositor skips empty rows).
    private(set) var rowHasInk: [Bool] = []
    private var opacity: [Float] = []
    /// Counting-sort scratch: the sampled edges' endpoints (pairs) by tile,
    /// copied so the bands read them in order, tile starts, tile of each.
    private var order: [UInt32] = []
    private var tileStart: [Int32] = []
    private var tileOf: [Int32] = []
    /// Full-resolution cell updates the last frame asked for (before dividing).
    private var lastWork = 0
    /// What looking up and clipping one edge costs, in cell updates (measured
    /// on BA-1M: a view panned half off the graph drew twice the edges of
    /// the centred one, in twice the time, when only cells counted).
    static let edgeLookupCells = 2.0
    /// Column sampling table of the compositor, for (frame width, divisor).
    var columns = ColumnTable()
    /// The compositor's row buffers: two upsampled rows for each of two bands.
    var rowScratch = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    var rowScratchCapacity = 0

    init() {
        // 1 − e^(−w) for w in [0, 16) at 1/64 steps.
        opacity = (0..<1025).map { 1 - expf(-Float($0) / 64) }
    }

    deinit { rowScratch.deallocate() }

    struct Input {
        var edges: UnsafeBufferPointer<UInt32>
        var x: UnsafeBufferPointer<Float>
        var y: UnsafeBufferPointer<Float>
        var depth: UnsafeBufferPointer<Float>
        var colors: UnsafeBufferPointer<SIMD3<Float>>
        var mode: Scene.EdgeColoring
        var edgeColor: SIMD3<Float>
        var alpha: Float
        /// 3D depth cue: near depth and 1/(far − near); 0 for none.
        var fogNear: Float
        var fogScale: Float
        /// Nodes to splat as dots (those GL does not draw at this detail).
        var splat: UnsafeBufferPointer<Int32>
        var categories: UnsafeBufferPointer<Int32>
    }

    /// Rasterizes the layer for a `width`×`height` frame into `rgba`.
    /// Returns how many edges went in.
    func build(_ input: Input, width: Int, height: Int) -> Int {
        let edgeCount = input.edges.count / 2
        // The first frame has nothing measured: assume edges a quarter of the
        // frame long (a layout's start: a million long edges at ÷2 took seconds).
        if lastWork == 0 { lastWork = edgeCount * max(width, height) / 4 }
        frameBudget = min(budget, max(500_000, 20 * width * height))
        chooseDivisor(width: width, height: height)
        let coarsest = divisor == Self.divisors.last!
        let stride = coarsest ? max(1, Int((Double(lastWork) / Double(divisor) / Double(frameBudget)).rounded(.up))) : 1
        let sampled = sortByTile(input, edgeCount: edgeCount, stride: stride)
        // Two bands of layer rows on two threads; an edge crossing both is
        // clipped to each.
        let bands = layerHeight >= 8 ? 2 : 1
        let results = UnsafeMutablePointer<(work: Int, drawn: Int)>.allocate(capacity: bands)
        defer { results.deallocate() }
        let lh = layerHeight
        accumulation.withUnsafeMutableBufferPointer { acc in
            order.withUnsafeBufferPointer { ord in
                rgba.withUnsafeMutableBufferPointer { out in
                    rowHasInk.withUnsafeMutableBufferPointer { ink in
                        let job = BandJob(layer: self, input: input, edges: UnsafeBufferPointer(rebasing: ord[0..<2 * sampled]),
                                          stride: stride, accumulation: acc.baseAddress!, rgba: out.baseAddress!,
                                          ink: ink.baseAddress!, results: results)
                        DispatchQueue.concurrentPerform(iterations: bands) { band in
                            job.run(rows: lh * band / bands..<lh * (band + 1) / bands, band: band)
                        }
                    }
                }
            }
        }
        var work = 0, drawn = 0
        for b in 0..<bands { work += results[b].work; drawn += results[b].drawn }
        // Full-resolution work of every edge: the stride must not make the next frame think it cheap.
        lastWork = work * divisor * stride
        return drawn
    }

    /// What the bands share: they read the input and write disjoint rows of
    /// the accumulation, the layer and the ink flags (and their own result).
    private struct BandJob: @unchecked Sendable {
        let layer: DensityLayer
        let input: Input
        let edges: UnsafeBufferPointer<UInt32>
        let stride: Int
        let accumulation: UnsafeMutablePointer<SIMD4<Float>>
        let rgba: UnsafeMutablePointer<UInt8>
        let ink: UnsafeMutablePointer<Bool>
        let results: UnsafeMutablePointer<(work: Int, drawn: Int)>

        func run(rows: Range<Int>, band: Int) {
            results[band] = layer.rasterize(input, edges, stride: stride, rows: rows, into: accumulation)
            layer.splat(input, rows: rows, into: accumulation)
            layer.resolve(rows: rows, accumulation: accumulation, rgba: rgba, ink: ink)
        }
    }

    /// Orders the sampled edges (every `stride`-th) by the layer tile of
    /// their first endpoint; returns how many there are.
    private func sortByTile(_ input: Input, edgeCount: Int, stride: Int) -> Int {
        let s = 1 / Float(divisor)
        let tilesX = (layerWidth >> Self.tileShift) + 1, tilesY = (layerHeight >> Self.tileShift) + 1
        let tiles = tilesX * tilesY
        let sampled = (edgeCount + stride - 1) / stride
        if tileOf.count < sampled { order = Array(repeating: 0, count: 2 * sampled); tileOf = Array(repeating: 0, count: sampled) }
        if tileStart.count != tiles + 1 { tileStart = Array(repeating: 0, count: tiles + 1) }
        let maxX = Float(layerWidth - 1), maxY = Float(layerHeight - 1)
        tileStart.withUnsafeMutableBufferPointer { start in
            tileOf.withUnsafeMutableBufferPointer { key in
                order.withUnsafeMutableBufferPointer { out in
                    for t in 0...tiles { start[t] = 0 }
                    for k in 0..<sampled {
                        let u = Int(input.edges[2 * k * stride])
                        var px = input.x[u] * s, py = input.y[u] * s
                        // Off-screen or unprojectable (NaN) endpoints go to an edge tile; the rasterizer clips.
                        px = px.isNaN ? 0 : min(max(px, 0), maxX)
                        py = py.isNaN ? 0 : min(max(py, 0), maxY)
                        let t = (Int(py) >> Self.tileShift) * tilesX + (Int(px) >> Self.tileShift)
                        key[k] = Int32(t)
                        start[t + 1] += 1
                    }
                    for t in 0..<tiles { start[t + 1] += start[t] }
                    for k in 0..<sampled {
                        let t = Int(key[k])
                        let at = 2 * Int(start[t])
                        out[at] = input.edges[2 * k * stride]
                        out[at + 1] = input.edges[2 * k * stride + 1]
                        start[t] += 1
                    }
                }
            }
        }
        return sampled
    }

    /// Rasterizes `edges` into layer rows `rows`; counts an edge as drawn
    /// in the first band it reaches (the band holding its upper end, when
    /// that is on the layer).
    private func rasterize(_ input: Input, _ edges: UnsafeBufferPointer<UInt32>, stride: Int, rows: Range<Int>,
                           into base: UnsafeMutablePointer<SIMD4<Float>>) -> (work: Int, drawn: Int) {
        let s = 1 / Float(divisor)
        let lw = layerWidth
        let fw = Float(lw), top = Float(rows.lowerBound), bottom = Float(rows.upperBound) - 0.001
        let firstRow = rows.lowerBound, lastRow = rows.upperBound - 1
        let weight = input.alpha * Float(stride) * 1.5 * s
        var cells = 0.0, drawn = 0
        // Every edge is looked up and clipped, on screen or not (two random
        // reads of the projection): counted as work too, or a view where
        // most edges fall outside would look cheap and sample more of them.
        cells += Double(edges.count / 2) * Self.edgeLookupCells
        for e in 0..<edges.count / 2 {
            let u = Int(edges[2 * e]), v = Int(edges[2 * e + 1])
            var x0 = input.x[u] * s, y0 = input.y[u] * s, x1 = input.x[v] * s, y1 = input.y[v] * s
            guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { continue }
            // Liang–Barsky clip of the segment to the layer.
            var t0: Float = 0, t1: Float = 1
            let dx = x1 - x0, dy = y1 - y0
            func clip(_ p: Float, _ q: Float) -> Bool {
                if p == 0 { return q >= 0 }
                let r = q / p
                if p < 0 { if r > t1 { return false }; if r > t0 { t0 = r } }
                else { if r < t0 { return false }; if r < t1 { t1 = r } }
                return true
            }
            guard clip(-dx, x0), clip(dx, fw - 0.001 - x0), clip(-dy, y0 - top), clip(dy, bottom - y0) else { continue }
            let first = rows.lowerBound == 0 || min(y0, y1) >= top
            let cx0 = x0 + t0 * dx, cy0 = y0 + t0 * dy
            x1 = x0 + t1 * dx; y1 = y0 + t1 * dy
            x0 = cx0; y0 = cy0
            var c0 = input.edgeColor, c1 = input.edgeColor
            switch input.mode {
            case .uniform: break
            case .endpoints: c0 = input.colors[u]; c1 = input.colors[v]
            case .community:
                if input.categories[u] == input.categories[v] { c0 = input.colors[u]; c1 = c0 }
            }
            var a = weight
            if input.fogScale > 0 {
                let z = (input.depth[u] + input.depth[v]) * 0.5
                a *= 1 - 0.7 * min(max((z - input.fogNear) * input.fogScale, 0), 1)
            }
            let length = max(abs(x1 - x0), abs(y1 - y0))
            let steps = max(Int(length.rounded(.up)), 1)
            let inv = 1 / Float(steps)
            // 16.16 fixed point: no float-to-int conversion (and its range check) per cell.
            let one: Float = 65536
            var px = Int(x0 * one), py = Int(y0 * one)
            let sx = Int((x1 - x0) * inv * one), sy = Int((y1 - y0) * inv * one)
            var col = SIMD4(c0.x * a, c0.y * a, c0.z * a, a)
            let dc = (SIMD4(c1.x * a, c1.y * a, c1.z * a, a) - col) * inv
            for _ in 0...steps {
                // Clamped: rounding drift must never step outside the buffer.
                let i = min(max(py >> 16, firstRow), lastRow) &* lw &+ min(max(px >> 16, 0), lw - 1)
                base[i] += col
                px &+= sx; py &+= sy; col += dc
            }
            // Cells as if the edge were not split between bands, so the budget means the same.
            cells += Double(length) + (first ? 1 : 0)
            if first { drawn += 1 }
        }
        return (Int(cells.rounded(.up)), drawn)
    }

    /// Small nodes GL skips at this detail: a strong dot of their colour.
    private func splat(_ input: Input, rows: Range<Int>, into base: UnsafeMutablePointer<SIMD4<Float>>) {
        let s = 1 / Float(divisor)
        let fw = Float(layerWidth), top = Float(rows.lowerBound), bottom = Float(rows.upperBound)
        for k in 0..<input.splat.count {
            let i = Int(input.splat[k])
            let px = input.x[i] * s, py = input.y[i] * s
            guard px >= 0, py >= top, px < fw, py < bottom else { continue }
            let c = input.colors[i]
            base[Int(py) * layerWidth + Int(px)] += SIMD4(c.x * 3, c.y * 3, c.z * 3, 3)
        }
    }

    private func chooseDivisor(width: Int, height: Int) {
        var d = Self.divisors.last!
        for candidate in Self.divisors where lastWork / candidate <= frameBudget {
            d = candidate
            break
        }
        divisor = d
        let lw = max((width + d - 1) / d, 1), lh = max((height + d - 1) / d, 1)
        if lw != layerWidth || lh != layerHeight {
            layerWidth = lw
            layerHeight = lh
            accumulation = Array(repeating: .zero, count: lw * lh)
            rgba = Array(repeating: 0, count: lw * lh * 4)
            rowHasInk = Array(repeating: false, count: lh)
        }
    }

    /// Accumulated weights to premultiplied RGBA in rows `rows`; clears the accumulation there.
    private func resolve(rows: Range<Int>, accumulation acc: UnsafeMutablePointer<SIMD4<Float>>,
                         rgba out: UnsafeMutablePointer<UInt8>, ink: UnsafeMutablePointer<Bool>) {
        let lw = layerWidth
        opacity.withUnsafeBufferPointer { lut in
            for row in rows {
                var any = false
                for i in row * lw..<(row + 1) * lw {
                    let v = acc[i]
                    if v.w <= 0 {
                        out[4 * i] = 0; out[4 * i + 1] = 0; out[4 * i + 2] = 0; out[4 * i + 3] = 0
                        continue
                    }
                    any = true
                    acc[i] = .zero
                    let alpha = lut[min(Int(v.w * 64), 1024)]
                    let k = alpha * 255 / v.w
                    out[4 * i] = UInt8(min(v.x * k, 255))
                    out[4 * i + 1] = UInt8(min(v.y * k, 255))
                    out[4 * i + 2] = UInt8(min(v.z * k, 255))
                    out[4 * i + 3] = UInt8(alpha * 255)
                }
                ink[row] = any
            }
        }
    }
}
