import GraphCore
import Testing
@testable import Render

@Suite struct PickingTests {
    @Test func picksTheNodeUnderThePointIn2D() throws {
        let s = try RendererTests.triangleScene()
        var cam = RendererTests.camera(s)
        let r = try Renderer(width: 320, height: 240)
        _ = try r.render(s, camera: cam, theme: .dark)
        for i in 0..<4 {
            let p = cam.project(SIMD3(s.positions[2 * i], s.positions[2 * i + 1], 0), with: cam.viewProjection)!
            #expect(r.pick(x: p.x, y: p.y) == i)
            #expect(r.pick(x: p.x + 9, y: p.y) == i)       // on the rim (radius 8) plus tolerance
            #expect(r.pick(x: p.x + 20, y: p.y + 20) == nil)
        }
        #expect(r.pick(x: 160, y: 120) == nil)
        // After a pan the index follows the new frame.
        cam.pan(dx: 40, dy: 0)
        _ = try r.render(s, camera: cam, theme: .dark)
        let a = cam.project(SIMD3(0, 0, 0), with: cam.viewProjection)!
        #expect(r.pick(x: a.x, y: a.y) == 0)
        #expect(r.pick(x: a.x - 40, y: a.y) == nil)
    }

    @Test func picksTheNearestToTheViewerIn3D() throws {
        let g = graph([], isolated: ["front", "back", "p", "q"])
        let s = try Scene(graph: g, positions: [0, 0, 0.5, 0, 0, -0.5, 1, 1, 0, -1, -1, 0], dimension: 3)
        var cam = Camera(dimension: 3, width: 300, height: 300)
        cam.fit(positions: s.positions, dimension: 3, animated: false)
        cam.orbit(yaw: -cam.pose.yaw, pitch: -cam.pose.pitch)   // look straight down −z
        let r = try Renderer(width: 300, height: 300)
        _ = try r.render(s, camera: cam, theme: .dark)
        let front = r.screenPosition(of: 0)!, back = r.screenPosition(of: 1)!
        #expect(abs(front.x - back.x) < 0.01 && abs(front.y - back.y) < 0.01)
        #expect(r.pick(x: front.x, y: front.y) == 0)
        // Turned around, the other one is in front.
        cam.orbit(yaw: .pi, pitch: 0)
        _ = try r.render(s, camera: cam, theme: .dark)
        let p = r.screenPosition(of: 1)!
        #expect(r.pick(x: p.x, y: p.y) == 1)
        let q = r.screenPosition(of: 2)!
        #expect(r.pick(x: q.x + 1, y: q.y - 1) == 2)
    }

    @Test func pickingScalesToManyNodes() throws {
        var rng = RandomSource(seed: 3)
        var b = GraphBuilder(directed: false)
        let n = 50_000
        for i in 0..<n { _ = b.node("\(i)") }
        let p: [Float] = (0..<(2 * n)).map { _ in Float(rng.unit()) }
        var s = try Scene(graph: b.build(), positions: p, dimension: 2)
        try s.setStyle(categories: Array(repeating: 0, count: n), sizes: Array(repeating: 1, count: n))
        let cam = RendererTests.camera(s, 640, 480)
        let r = try Renderer(width: 640, height: 480)
        _ = try r.render(s, camera: cam, theme: .dark, detail: .interactive)
        // Every pick agrees with a brute-force search for the nearest centre within reach.
        for _ in 0..<200 {
            let x = Float(rng.unit() * 640), y = Float(rng.unit() * 480)
            var best: Int?, bestD = Float.infinity
            for i in 0..<n {
                guard let q = r.screenPosition(of: i) else { continue }
                let d = ((q.x - x) * (q.x - x) + (q.y - y) * (q.y - y)).squareRoot()
                if d <= q.radius + 4 && d <= bestD { bestD = d; best = i }
            }
            #expect(r.pick(x: x, y: y) == best)
        }
    }
}
