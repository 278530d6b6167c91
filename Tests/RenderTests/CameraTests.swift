import Testing
@testable import Render

@Suite struct CameraTests {
    @Test func fitPutsEveryPointInsideTheMargin() {
        var c = Camera(dimension: 2, width: 400, height: 200)
        let p: [Float] = [-5, -1, 5, 1, 0, 0, 2, -0.5]
        c.fit(positions: p, dimension: 2, margin: 10, animated: false)
        let m = c.viewProjection
        for i in 0..<4 {
            let s = c.project(SIMD3(p[2 * i], p[2 * i + 1], 0), with: m)!
            #expect(s.x >= 9.99 && s.x <= 390.01 && s.y >= 9.99 && s.y <= 190.01)
        }
        // Limited by width: x extremes touch the margins.
        #expect(abs(c.project(SIMD3(-5, -1, 0), with: m)!.x - 10) < 0.01)
        // World y up is screen y down.
        #expect(c.project(SIMD3(0, 1, 0), with: m)!.y < c.project(SIMD3(0, -1, 0), with: m)!.y)
    }

    @Test func panFollowsThePointer() {
        var c = Camera(dimension: 2, width: 100, height: 100)
        c.fit(positions: [0, 0, 1, 1], dimension: 2, animated: false)
        let before = c.project(SIMD3(0.5, 0.5, 0), with: c.viewProjection)!
        c.pan(dx: 12, dy: -7)
        let after = c.project(SIMD3(0.5, 0.5, 0), with: c.viewProjection)!
        #expect(abs(after.x - before.x - 12) < 1e-3 && abs(after.y - before.y + 7) < 1e-3)
        #expect(c.isSettled)
    }

    @Test func zoomKeepsThePointUnderTheCursor() {
        var c = Camera(dimension: 2, width: 300, height: 200)
        c.fit(positions: [0, 0, 10, 10], dimension: 2, animated: false)
        let world = SIMD3<Float>(7, 3, 0)
        let s = c.project(world, with: c.viewProjection)!
        c.zoom(by: 3, atX: s.x, y: s.y, animated: false)
        let t = c.project(world, with: c.viewProjection)!
        #expect(abs(t.x - s.x) < 0.01 && abs(t.y - s.y) < 0.01)
        #expect(c.nodeScale > 1)
    }

    @Test func easingNeverJumpsAndArrives() {
        var c = Camera(dimension: 2, width: 200, height: 200)
        c.fit(positions: [0, 0, 1, 1], dimension: 2, animated: false)
        // The layout moved: a new fit eases there in small steps.
        c.fit(positions: [10, 10, 12, 12], dimension: 2)
        var last = c.pose.center
        let total = length(c.goal.center - c.pose.center)
        var steps = 0
        while c.advance(by: 1.0 / 60) {
            let step = length(c.pose.center - last)
            #expect(step <= total * 0.25)
            last = c.pose.center
            steps += 1
            if steps > 600 { break }
        }
        #expect(c.pose == c.goal)
        #expect(steps > 5 && steps < 600)
        c.zoom(by: 2)
        c.reset()
        c.settle()
        #expect(c.pose.zoom == c.home.zoom)
    }

    @Test func orbitCameraLooksAtTheCentre() {
        var c = Camera(dimension: 3, width: 320, height: 240)
        c.fit(positions: [-1, -1, -1, 1, 1, 1], dimension: 3, animated: false)
        let m = c.viewProjection
        let centre = c.project(SIMD3(0, 0, 0), with: m)!
        #expect(abs(centre.x - 160) < 0.01 && abs(centre.y - 120) < 0.01)
        #expect(abs(centre.z - c.pose.distance) < 1e-3)
        // Both corners of the box are in view.
        for p in [SIMD3<Float>(-1, -1, -1), SIMD3(1, 1, 1)] {
            let s = c.project(p, with: m)!
            #expect(s.x > 0 && s.x < 320 && s.y > 0 && s.y < 240)
        }
        c.orbit(yaw: 0.5, pitch: 0.2)
        let moved = c.project(SIMD3(1, 1, 1), with: c.viewProjection)!
        #expect(moved != c.project(SIMD3(1, 1, 1), with: m)!)
        c.orbit(yaw: 0, pitch: 10)
        #expect(c.pose.pitch <= 1.55)
    }
}
