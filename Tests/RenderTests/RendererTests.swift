import GraphCore
import Testing
@testable import Render

/// Pixel checks on real frames from OSMesa.
@Suite struct RendererTests {
    /// a at the origin, b to the right, c above; edges a–b, a–c; d alone far right-up.
    static func triangleScene(legend: Bool = false) throws -> Scene {
        let g = graph([("a", "b"), ("a", "c")], isolated: ["d"])
        var s = try Scene(graph: g, positions: [0, 0, 10, 0, 0, 10, 10, 10], dimension: 2)
        try s.setStyle(categories: [0, 1, 2, 3], sizes: [8, 8, 8, 8])
        s.topLabels = 0
        if !legend { s.legend = nil }
        return s
    }

    static func camera(_ s: Scene, _ w: Int = 320, _ h: Int = 240) -> Camera {
        var c = Camera(dimension: s.dimension, width: w, height: h)
        c.fit(positions: s.positions, dimension: s.dimension, margin: 30, animated: false)
        return c
    }

    func centre(_ c: Camera, _ x: Float, _ y: Float, _ z: Float = 0) -> (Int, Int) {
        let p = c.project(SIMD3(x, y, z), with: c.viewProjection)!
        return (Int(p.x), Int(p.y))
    }

    @Test func backgroundWhereNothingIsDrawnAndNodeColoursAtNodes() throws {
        let s = try Self.triangleScene()
        let cam = Self.camera(s)
        let r = try Renderer(width: 320, height: 240)
        let theme = Theme.dark
        let f = try r.render(s, camera: cam, theme: theme)
        #expect(f.width == 320 && f.height == 240 && f.stride == 320 * 4)
        #expect(f.rgb(x: 2, y: 2) == theme.background)
        #expect(f.rgb(x: 160, y: 236) == theme.background)
        #expect(f.pixel(x: 5, y: 5)?.a == 255)
        for (i, p) in [(0, (Float(0), Float(0))), (1, (10, 0)), (2, (0, 10)), (3, (10, 10))] {
            let (x, y) = centre(cam, p.0, p.1)
            #expect(f.rgb(x: x, y: y) == theme.palette[i], "node \(i) at \(x),\(y)")
        }
        // Top-down buffer: node c (world y = 10) is in the upper half.
        #expect(centre(cam, 0, 10).1 < 120)
    }

    /// Full-detail edges in each colouring, through the program that draws
    /// it (community colouring has its own): a-b joins two nodes of one
    /// category, c-d two of different ones. At the middle of each line the
    /// pixel is the expected colour at the theme's edge alpha over the
    /// background.
    @Test(arguments: [Scene.EdgeColoring.uniform, .endpoints, .community])
    func fullDetailEdgeColours(coloring: Scene.EdgeColoring) throws {
        let g = graph([("a", "b"), ("c", "d")])
        var s = try Scene(graph: g, positions: [0, 0, 10, 0, 0, 10, 10, 10], dimension: 2)
        try s.setStyle(categories: [0, 0, 1, 2], sizes: [4, 4, 4, 4])
        s.topLabels = 0
        s.legend = nil
        s.edgeColoring = coloring
        let cam = Self.camera(s)
        let t = Theme.dark
        let f = try Renderer(width: 320, height: 240).render(s, camera: cam, theme: t)
        func onLine(_ y: Float, expect c: RGB) -> Int {
            let (mx, my) = centre(cam, 5, y)
            let want = t.background.mixed(with: c, t.edgeAlpha)
            return (-1...1).compactMap { dy in f.rgb(x: mx, y: my + dy).map { distance($0, want) } }.min() ?? .max
        }
        let gradient = t.palette[1].mixed(with: t.palette[2], 0.5)
        switch coloring {
        case .uniform:
            #expect(onLine(0, expect: t.edge) <= 12)
            #expect(onLine(10, expect: t.edge) <= 12)
        case .endpoints:
            #expect(onLine(0, expect: t.palette[0]) <= 12)
            #expect(onLine(10, expect: gradient) <= 60)
            #expect(onLine(10, expect: t.edge) > 200)
        case .community:
            #expect(onLine(0, expect: t.palette[0]) <= 12)
            #expect(onLine(10, expect: t.edge) <= 12)
            #expect(onLine(10, expect: gradient) > 200)
        }
    }

    @Test func edgesAreDrawnAndCanBeHidden() throws {
        var s = try Self.triangleScene()
        let cam = Self.camera(s)
        let r = try Renderer(width: 320, height: 240)
        let (mx, my) = centre(cam, 5, 0)
        var f = try r.render(s, camera: cam, theme: .dark)
        let onEdge = (-1...1).contains { dy in f.rgb(x: mx, y: my + dy) != Theme.dark.background }
        #expect(onEdge)
        s.showEdges = false
        f = try r.render(s, camera: cam, theme: .dark)
        #expect((-1...1).allSatisfy { dy in f.rgb(x: mx, y: my + dy) == Theme.dark.background })
    }

    @Test func selectedNodeInHighlightColourOthersDimmed() throws {
        var s = try Self.triangleScene()
        s.selected = 0
        let cam = Self.camera(s)
        let r = try Renderer(width: 320, height: 240)
        let t = Theme.dark
        let f = try r.render(s, camera: cam, theme: t)
        let (ax, ay) = centre(cam, 0, 0)
        #expect(f.rgb(x: ax, y: ay) == t.highlight)
        // b is a neighbour: keeps its colour. d is not: dimmed towards the dim colour.
        let (bx, by) = centre(cam, 10, 0)
        #expect(f.rgb(x: bx, y: by) == t.palette[1])
        let (dx, dy) = centre(cam, 10, 10)
        let dimmed = t.palette[3].mixed(with: t.dim, t.dimAmount)
        #expect(distance(f.rgb(x: dx, y: dy)!, dimmed) <= 12)
        #expect(distance(f.rgb(x: dx, y: dy)!, t.palette[3]) > 1000)
        // The selected node's edges are drawn in the highlight colour.
        let (mx, my) = centre(cam, 5, 0)
        let best = (-1...1).compactMap { f.rgb(x: mx, y: my + $0) }.map { distance($0, t.highlight) }.min()!
        #expect(best < distance(t.background, t.highlight) / 4)
    }

    @Test func searchMatchesGetARing() throws {
        var s = try Self.triangleScene()
        s.matches = [3]
        let cam = Self.camera(s)
        let r = try Renderer(width: 320, height: 240)
        let f = try r.render(s, camera: cam, theme: .dark)
        let (x, y) = centre(cam, 10, 10)
        #expect(f.rgb(x: x, y: y) == Theme.dark.palette[3])
        // The match radius grows by 1.5 px and its outer 2 px are the match colour.
        let ring = (7...10).compactMap { f.rgb(x: x + $0, y: y) }
        #expect(ring.contains { distance($0, Theme.dark.match) < 200 }, "\(ring)")
    }

    @Test func nothingIsDrawnOutsideTheView() throws {
        var s = try Self.triangleScene()
        s.topLabels = 4
        var cam = Self.camera(s)
        cam.pan(dx: 5000, dy: 5000)
        let r = try Renderer(width: 200, height: 150)
        for detail in [Renderer.Detail.full, .interactive] {
            let f = try r.render(s, camera: cam, theme: .dark, detail: detail)
            let bytes = f.copyBytes()
            let bg = Theme.dark.background
            var stray = 0
            for i in stride(from: 0, to: bytes.count, by: 4) where RGB(bytes[i], bytes[i + 1], bytes[i + 2]) != bg {
                stray += 1
            }
            #expect(stray == 0, "\(detail): \(stray) pixels drawn with every node off screen")
            #expect(r.pick(x: 100, y: 75) == nil)
        }
        // A node on the frame's corner is clipped, not wrapped to the other side.
        var corner = Self.camera(s, 200, 150)
        corner.pan(dx: -100 + 30, dy: 75 - 30)
        let f = try r.render(s, camera: corner, theme: .dark)
        #expect(f.rgb(x: 199, y: 149) == Theme.dark.background)
    }

    @Test func labelsAppearAndDoNotOverlap() throws {
        let t = Theme.dark
        var s = try Self.triangleScene()
        let cam = Self.camera(s)
        let r = try Renderer(width: 320, height: 240)
        func labelPixels() throws -> Int {
            let f = try r.render(s, camera: cam, theme: t)
            let b = f.copyBytes()
            // Glyph pixels: the label colour at (nearly) full coverage.
            return stride(from: 0, to: b.count, by: 4).filter { distance(RGB(b[$0], b[$0 + 1], b[$0 + 2]), t.label) < 800 }.count
        }
        #expect(try labelPixels() == 0)
        s.topLabels = 4
        #expect(try labelPixels() > 12)
        #expect(r.stats.labels == 4)
        // Two nodes on the same spot: only one of their labels fits.
        let g = graph([("left", "right")])
        var crowded = try Scene(graph: g, positions: [0, 0, 0.0001, 0], dimension: 2)
        crowded.legend = nil
        crowded.topLabels = 2
        var c = Camera(dimension: 2, width: 320, height: 240)
        c.fit(positions: [-1, -1, 1, 1], dimension: 2, animated: false)
        _ = try r.render(crowded, camera: c, theme: t)
        #expect(r.stats.labels == 2)  // right side and left side
        var three = try Scene(graph: graph([("p", "q"), ("q", "r")]), positions: [0, 0, 0.0001, 0, 0, 0.0001], dimension: 2)
        three.legend = nil
        three.topLabels = 3
        _ = try r.render(three, camera: c, theme: t)
        #expect(r.stats.labels == 3)  // right, left, above
    }

    @Test func legendIsDrawn() throws {
        let s = try Self.triangleScene(legend: true)
        let r = try Renderer(width: 320, height: 240)
        let f = try r.render(s, camera: Self.camera(s), theme: .dark)
        // The legend's first swatch sits in the bottom-left box, in the first palette colour.
        var found = false
        for y in 120..<240 { for x in 0..<60 where f.rgb(x: x, y: y) == Theme.dark.palette[0] { found = true } }
        #expect(found)
        // Its words ("colour: …") are in the label colour.
        var text = 0
        for y in 120..<240 { for x in 0..<120 where distance(f.rgb(x: x, y: y)!, Theme.dark.label) < 800 { text += 1 } }
        #expect(text > 40)
    }

    @Test func interactiveDetailDrawsEdgesThroughTheDensityLayer() throws {
        let s = try Self.triangleScene()
        let cam = Self.camera(s)
        let r = try Renderer(width: 320, height: 240)
        let f = try r.render(s, camera: cam, theme: .dark, detail: .interactive)
        #expect(r.stats.layerScale >= 2)
        #expect(r.stats.edgesDrawn == 2)
        let (mx, my) = centre(cam, 5, 0)
        #expect((-2...2).contains { f.rgb(x: mx, y: my + $0) != Theme.dark.background })
        let (ax, ay) = centre(cam, 0, 0)
        #expect(f.rgb(x: ax, y: ay) == Theme.dark.palette[0])
        #expect(f.rgb(x: 2, y: 2) == Theme.dark.background)
    }

    /// A filter's left-out nodes, when they fade, are drawn dimmed like the
    /// rest around a selection; the others keep their colour.
    @Test func fadedNodesAreDimmedTheOthersNot() throws {
        var s = try Self.triangleScene()
        let cam = Self.camera(s)
        let r = try Renderer(width: 320, height: 240)
        let t = Theme.dark
        s.faded = [false, true, false, true]
        for detail in [Renderer.Detail.full, .interactive] {
            let f = try r.render(s, camera: cam, theme: t, detail: detail)
            for (i, p) in [(0, (Float(0), Float(0))), (1, (10, 0)), (2, (0, 10)), (3, (10, 10))] {
                let (x, y) = centre(cam, p.0, p.1)
                let c = try #require(f.rgb(x: x, y: y))
                if s.faded![i] {
                    #expect(c != t.palette[i] && distance(c, t.dim) < distance(t.palette[i], t.dim), "node \(i), \(detail)")
                } else {
                    #expect(c == t.palette[i], "node \(i), \(detail)")
                }
            }
        }
    }

    @Test func depthCueingFadesFarNodes() throws {
        let g = graph([], isolated: ["near", "far", "p", "q"])
        var s = try Scene(graph: g, positions: [0, 0, 1, 0, 0, -1, -1, -1, 0, 1, 1, 0], dimension: 3)
        try s.setStyle(categories: [0, 0, 1, 1], sizes: [6, 6, 6, 6])
        s.legend = nil
        var cam = Camera(dimension: 3, width: 320, height: 240)
        cam.fit(positions: s.positions, dimension: 3, animated: false)
        cam.orbit(yaw: -cam.pose.yaw + 0.3, pitch: -cam.pose.pitch)
        let r = try Renderer(width: 320, height: 240)
        let t = Theme.dark
        let f = try r.render(s, camera: cam, theme: t)
        let near = r.screenPosition(of: 0)!, far = r.screenPosition(of: 1)!
        #expect(near.radius > far.radius)
        let cn = f.rgb(x: Int(near.x), y: Int(near.y))!, cf = f.rgb(x: Int(far.x), y: Int(far.y))!
        #expect(distance(cn, t.palette[0]) < distance(cf, t.palette[0]))
        #expect(distance(cf, t.background) < distance(cn, t.background))
    }

    @Test func bigGraphsUseLevelOfDetail() throws {
        var rng = RandomSource(seed: 7)
        var b = GraphBuilder(directed: false)
        let n = 30_000
        for i in 0..<n { _ = b.node("\(i)") }
        for _ in 0..<60_000 { b.addEdge(Int32(rng.below(n)), Int32(rng.below(n))) }
        let g = b.build()
        // Clustered positions: many edges shorter than a pixel.
        let p: [Float] = (0..<(2 * n)).map { _ in Float(rng.unit()) * 0.001 + (rng.unit() < 0.5 ? 0 : 1) }
        var s = try Scene(graph: g, positions: p, dimension: 2)
        s.topLabels = 5
        let cam = Self.camera(s, 400, 300)
        let r = try Renderer(width: 400, height: 300)
        _ = try r.render(s, camera: cam, theme: .dark, detail: .interactive)
        #expect(r.stats.nodesDrawn == r.interactiveNodeBudget)
        #expect(r.stats.nodesSplatted == n - r.interactiveNodeBudget)
        _ = try r.render(s, camera: cam, theme: .dark, detail: .full)
        #expect(r.stats.nodesDrawn == n)
        #expect(r.stats.edgesSkipped > 10_000)
        #expect(r.stats.edgesDrawn + r.stats.edgesSkipped == s.edges.count / 2)
    }

    @Test func positionsUpdateInPlace() throws {
        var s = try Self.triangleScene()
        let cam = Self.camera(s)
        let r = try Renderer(width: 320, height: 240)
        _ = try r.render(s, camera: cam, theme: .dark)
        try s.setPositions([0, 0, 10, 0, 0, 10, 5, 5], dimension: 2)
        let f = try r.render(s, camera: cam, theme: .dark)
        let (x, y) = centre(cam, 5, 5)
        #expect(f.rgb(x: x, y: y) == Theme.dark.palette[3])
        let (ox, oy) = centre(cam, 10, 10)
        #expect(f.rgb(x: ox, y: oy) == Theme.dark.background)
        #expect(throws: RenderError.self) { try s.setPositions([1, 2, 3], dimension: 2) }
    }
}
