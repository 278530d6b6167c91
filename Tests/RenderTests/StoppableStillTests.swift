import Foundation
import Synchronization
import Testing
@testable import Render

/// A full-detail frame of a big graph takes seconds in llvmpipe; one given up
/// stops between batches of edges instead of taking the cores to the end.
@Suite struct StoppableStillTests {
    /// More edges than a batch, so the frame is drawn in several.
    static func bigScene() throws -> Scene {
        try DensityLayerTests.scene(nodes: 3_000, edges: Renderer.edgeBatch * 3 + 5_000, seed: 11)
    }

    @Test func drawnInBatchesTheFrameIsTheSame() throws {
        let s = try Self.bigScene()
        let cam = RendererTests.camera(s, 320, 240)
        let plain = try Renderer(width: 320, height: 240)
        let whole = try plain.render(s, camera: cam, theme: .dark, detail: .full).copyBytes()
        let batched = try Renderer(width: 320, height: 240)
        let asked = Atomic<Int>(0)
        batched.shouldStop = { asked.add(1, ordering: .relaxed); return false }
        let f = try batched.render(s, camera: cam, theme: .dark, detail: .full)
        #expect(asked.load(ordering: .relaxed) >= 3, "asked \(asked.load(ordering: .relaxed)) times")
        #expect(!batched.stats.stopped)
        #expect(batched.stats.edgesDrawn == plain.stats.edgesDrawn)
        // The same lines in the same order: the same picture, byte for byte.
        #expect(f.copyBytes() == whole)
    }

    @Test func aStopEndsTheFrameAtTheNextBatch() throws {
        let s = try Self.bigScene()
        let cam = RendererTests.camera(s, 320, 240)
        let r = try Renderer(width: 320, height: 240)
        let asked = Atomic<Int>(0)
        // Go on for one batch, then stop.
        r.shouldStop = { asked.add(1, ordering: .relaxed).newValue > 1 }
        _ = try r.render(s, camera: cam, theme: .dark, detail: .full)
        #expect(r.stats.stopped)
        #expect(r.stats.edgesDrawn == Renderer.edgeBatch)
        #expect(r.stats.nodesDrawn == 0)
        // The next frame, not stopped, is whole.
        r.shouldStop = nil
        _ = try r.render(s, camera: cam, theme: .dark, detail: .full)
        #expect(!r.stats.stopped)
        #expect(r.stats.nodesDrawn == s.nodeCount)
        #expect(r.stats.edgesDrawn > 2 * Renderer.edgeBatch)
    }
}
