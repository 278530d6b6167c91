import GraphCore
import Testing
@testable import Render

/// Interactive frames painted on the CPU (density layer over the background,
/// nodes painted over it) against the same frame drawn the old way with GL:
/// the layer as a textured quad, GL's point sprites over it.
@Suite struct DensityLayerTests {
    /// A random graph with mostly local edges, laid out in the unit square.
    static func scene(nodes n: Int, edges m: Int, seed: UInt64) throws -> Scene {
        var rng = RandomSource(seed: seed)
        var b = GraphBuilder(directed: false)
        for i in 0..<n { _ = b.node("\(i)") }
        let p: [Float] = (0..<(2 * n)).map { _ in Float(rng.unit()) }
        var made = 0
        while made < m {
            let u = rng.below(n), v = rng.below(n)
            let dx = p[2 * u] - p[2 * v], dy = p[2 * u + 1] - p[2 * v + 1]
            guard u != v, dx * dx + dy * dy < 0.05 || rng.unit() < 0.05 else { continue }
            b.addEdge(Int32(u), Int32(v))
            made += 1
        }
        var s = try Scene(graph: b.build(), positions: p, dimension: 2)
        s.topLabels = 0
        s.legend = nil
        return s
    }

    struct Difference {
        var maxChannel = 0
        var notOpaque = 0
        /// Pixels differing by more than 3 levels.
        var pixelsOff = 0
    }

    /// The largest channel difference between two frames of one size, and
    /// the first one's pixels that are not opaque.
    func compare(_ a: Frame, _ b: [UInt8]) -> Difference {
        var d = Difference()
        let pa = a.copyBytes()
        for i in stride(from: 0, to: pa.count, by: 4) {
            var worst = 0
            for k in 0..<3 { worst = max(worst, abs(Int(pa[i + k]) - Int(b[i + k]))) }
            d.maxChannel = max(d.maxChannel, worst)
            if worst > 3 { d.pixelsOff += 1 }
            if pa[i + 3] != 255 { d.notOpaque += 1 }
        }
        return d
    }

    func render(_ s: Scene, _ cam: Camera, _ w: Int, _ h: Int, throughGL: Bool, theme: Theme = .dark) throws
        -> (Frame, [UInt8], FrameStats) {
        let r = try Renderer(width: w, height: h)
        r.interactiveThroughGL = throughGL
        let f = try r.render(s, camera: cam, theme: theme, detail: .interactive)
        return (f, f.copyBytes(), r.stats)
    }

    @Test(arguments: [Scene.EdgeColoring.endpoints, .community, .uniform])
    func paintedMatchesGL(coloring: Scene.EdgeColoring) throws {
        var s = try Self.scene(nodes: 400, edges: 3000, seed: 3)
        s.edgeColoring = coloring
        try s.setStyle(categories: (0..<400).map { Int32($0 % 5) }, sizes: (0..<400).map { 2 + Float($0 % 4) })
        let cam = RendererTests.camera(s, 320, 240)
        let (cpu, _, stats) = try render(s, cam, 320, 240, throughGL: false)
        let (_, gl, glStats) = try render(s, cam, 320, 240, throughGL: true)
        #expect(stats.layerScale == glStats.layerScale && stats.edgesDrawn == s.edges.count / 2)
        let d = compare(cpu, gl)
        // 8-bit rounding (GL's filter and blends) against float arithmetic: 2 levels measured.
        #expect(d.maxChannel <= 3, "max channel difference \(d.maxChannel)")
        #expect(d.notOpaque == 0)
        // And the layer did draw: many pixels are neither background nor node.
        let bg = Theme.dark.background
        var ink = 0
        for y in 0..<240 { for x in 0..<320 where cpu.rgb(x: x, y: y) != bg { ink += 1 } }
        #expect(ink > 320 * 240 / 4)
    }

    @Test func paintedMatchesGLWithASelectionIn3D() throws {
        let s2 = try Self.scene(nodes: 300, edges: 1500, seed: 5)
        var rng = RandomSource(seed: 11)
        var p3: [Float] = []
        for i in 0..<300 { p3 += [s2.positions[2 * i], s2.positions[2 * i + 1], Float(rng.unit())] }
        var s = try Scene(graph: s2.graph, positions: p3, dimension: 3)
        s.topLabels = 0
        s.legend = nil
        s.selected = 7
        var cam = Camera(dimension: 3, width: 320, height: 240)
        cam.fit(positions: p3, dimension: 3, animated: false)
        cam.orbit(yaw: 0.4, pitch: 0.2)
        let light = try #require(ThemeLibrary.builtin("light"))
        let r = try Renderer(width: 320, height: 240)
        let cpu = try r.render(s, camera: cam, theme: light, detail: .interactive)
        let selected = try #require(r.screenPosition(of: 7))
        // The selected disc in the highlight colour (depth-cued toward the background).
        let c = try #require(cpu.rgb(x: Int(selected.x), y: Int(selected.y)))
        #expect(distance(c, light.highlight) < distance(c, light.background) / 4)
        let (_, gl, _) = try render(s, cam, 320, 240, throughGL: true, theme: light)
        let d = compare(cpu, gl)
        // The same picture but where discs overlap: GL's depth test cuts a
        // far disc's anti-aliased rim where a nearer one was drawn first; the
        // painter, going far to near, blends it (measured: ~1% of pixels).
        #expect(d.pixelsOff < 320 * 240 / 40, "\(d.pixelsOff) pixels differ by more than 3 levels")
        #expect(d.notOpaque == 0)
    }

    /// Sizes that are no multiple of the divisor or of the compositor's
    /// 4-pixel vectors: every pixel opaque, and nothing where nothing is.
    @Test func oddFrameSizesAreBlendedToTheEdge() throws {
        let s = try Self.scene(nodes: 200, edges: 1200, seed: 9)
        for (w, h) in [(203, 151), (161, 97), (66, 65)] {
            var cam = RendererTests.camera(s, w, h)
            let (cpu, _, stats) = try render(s, cam, w, h, throughGL: false)
            #expect(stats.layerScale >= 2)
            #expect(compare(cpu, cpu.copyBytes()).notOpaque == 0, "\(w)×\(h)")
            let bg = Theme.dark.background
            // Panned away: nothing but background, and opaque.
            cam.pan(dx: Float(4 * w), dy: 0)
            let (empty, bytes, _) = try render(s, cam, w, h, throughGL: false)
            #expect(compare(empty, bytes).notOpaque == 0)
            for y in 0..<h { for x in 0..<w where empty.rgb(x: x, y: y) != bg { Issue.record("stray pixel at \(x),\(y) in \(w)×\(h)"); return } }
        }
    }
}
