import Foundation
import TangleBasics

/// Interactive frames painted on the CPU: the density layer over the
/// background, then the selection's edges and the nodes (`NodePainter`), in
/// two bands of rows on two threads. No GL work at all.
extension Renderer {
    func paint(_ scene: Scene, camera cam: Camera, theme: Theme, edges: Int, lod: Bool, dimmed: Bool) {
        let l0 = monotonicMilliseconds()
        buildDensityLayer(scene, camera: cam, theme: theme, edges: edges, splat: lod, dimmed: dimmed)
        density.prepareComposite(width: width)
        let n = scene.nodeCount
        if cam.dimension == 3 {
            // Far to near, ties by index: what the depth test (LEQUAL) keeps in GL.
            if lod { scratch.paintOrder = scratch.lodNodeList } else {
                scratch.paintOrder.removeAll(keepingCapacity: true)
                scratch.paintOrder.append(contentsOf: 0..<Int32(n))
            }
            let d = projection.depth
            scratch.paintOrder.sort { d[Int($0)] != d[Int($1)] ? d[Int($0)] > d[Int($1)] : $0 < $1 }
        }
        let order: [Int32]? = cam.dimension == 3 ? scratch.paintOrder : lod ? scratch.lodNodeList : nil
        bucketByStrip(order: order, count: n)
        stats.prepareMs += monotonicMilliseconds() - l0
        stats.nodesDrawn = order?.count ?? n

        let p0 = monotonicMilliseconds()
        let f = fog(cam)
        let style = NodePainter.Style(
            background: theme.background.floats, outline: theme.outline.floats, highlight: theme.highlight.floats,
            match: theme.match.floats, dim: theme.dim.floats, dimAmount: theme.dimAmount,
            outlineWidth: theme.outlineWidth, fogNear: f.x, fogScale: f.y)
        let job = PaintJob(renderer: self, scene: scene, style: style, base: gl.buffer.assumingMemoryBound(to: UInt8.self))
        let strips = (height + Self.stripHeight - 1) / Self.stripHeight
        let bands = strips >= 2 ? 2 : 1
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            for strip in strips * band / bands..<strips * (band + 1) / bands { job.paint(strip: strip, band: band) }
        }
        stats.paintMs = monotonicMilliseconds() - p0
    }

    /// Rows painted together: the layer is composited into a strip and its
    /// nodes painted while it is in cache (80 KB at 1280 wide); random disc
    /// writes over a whole 3.7 MB frame missed the cache at every row.
    static let stripHeight = 16

    /// Lists the nodes (in drawing order) whose discs reach each strip: a
    /// stable counting sort, so every pixel still sees the nodes in order.
    private func bucketByStrip(order: [Int32]?, count n: Int) {
        let strips = (height + Self.stripHeight - 1) / Self.stripHeight
        let h = Float(height)
        func span(_ i: Int) -> (Int, Int)? {
            let y = projection.y[i]
            // Room for the largest state (selected: ×1.4 + 2, or a match's ring) and the rim.
            let reach = projection.radius[i] * 1.4 + 4
            guard y.isFinite, y + reach >= 0, y - reach < h, projection.x[i].isFinite else { return nil }
            return (max(Int(y - reach), 0) / Self.stripHeight, min(Int(y + reach), height - 1) / Self.stripHeight)
        }
        var start = [Int32](repeating: 0, count: strips + 1)
        func each(_ body: (Int) -> Void) {
            if let order { for i in order { body(Int(i)) } } else { for i in 0..<n { body(i) } }
        }
        each { i in if let (a, b) = span(i) { for s in a...b { start[s + 1] += 1 } } }
        for s in 0..<strips { start[s + 1] += start[s] }
        if scratch.stripNodes.count < Int(start[strips]) {
            scratch.stripNodes = Array(repeating: 0, count: Int(start[strips]))
        }
        var fill = start
        scratch.stripNodes.withUnsafeMutableBufferPointer { out in
            each { i in
                if let (a, b) = span(i) {
                    for s in a...b { out[Int(fill[s])] = Int32(i); fill[s] += 1 }
                }
            }
        }
        scratch.stripStart = start
    }

    /// What the two bands share. They read the renderer's projection and
    /// scratch (nothing writes them meanwhile) and write disjoint rows; the
    /// call waits for both.
    struct PaintJob: @unchecked Sendable {
        let renderer: Renderer
        let scene: Scene
        let style: NodePainter.Style
        let base: UnsafeMutablePointer<UInt8>

        func paint(strip: Int, band: Int) {
            let r = renderer, p = r.projection, s = r.scratch, w = r.width
            let rows = strip * Renderer.stripHeight..<min((strip + 1) * Renderer.stripHeight, r.height)
            r.density.compositeRows(rows, band: band, into: base, width: w, stride: w * 4,
                                    background: style.background * 255)
            let painter = NodePainter(base: base, width: w, stride: w * 4, rows: rows)
            if scene.showEdges && !s.highlightPairs.isEmpty {
                let color = style.highlight * 255
                func alpha(_ i: Int) -> Float {
                    guard style.fogScale > 0 else { return 0.85 }
                    return 0.85 * (1 - 0.7 * min(max((p.depth[i] - style.fogNear) * style.fogScale, 0), 1))
                }
                for k in Swift.stride(from: 0, to: s.highlightPairs.count - 1, by: 2) {
                    let a = Int(s.highlightPairs[k]), b = Int(s.highlightPairs[k + 1])
                    painter.line(x0: p.x[a], y0: p.y[a], x1: p.x[b], y1: p.y[b], color: color, a0: alpha(a), a1: alpha(b))
                }
            }
            p.x.withUnsafeBufferPointer { x in
                p.y.withUnsafeBufferPointer { y in
                    p.radius.withUnsafeBufferPointer { radius in
                        p.depth.withUnsafeBufferPointer { depth in
                            s.nodeColors.withUnsafeBufferPointer { colors in
                                s.states.withUnsafeBufferPointer { states in
                                    func draw(_ i: Int) {
                                        painter.node(x: x[i], y: y[i], radius: radius[i], depth: depth[i], fill: colors[i],
                                                     state: states[i], style)
                                    }
                                    for k in Int(s.stripStart[strip])..<Int(s.stripStart[strip + 1]) {
                                        draw(Int(s.stripNodes[k]))
                                    }
                                    // Selected, neighbours and matches again on top, so nothing hides them.
                                    for i in s.overlayNodeList { draw(Int(i)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
