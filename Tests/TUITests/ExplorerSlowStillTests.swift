import Foundation
import GraphCore
import Render
import Synchronization
import TerminalGraphics
import Testing
@testable import TUI

/// Big graphs: a filter that keeps the shown nodes keeps the view, and a
/// full-detail picture given up while its thread still draws does not hold
/// back the next picture.
@Suite struct ExplorerSlowStillTests {
    @Test func aFilterSelectingTheShownNodesKeepsTheView() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        let context = ObjectIdentifier(h.state.context)
        let renders = h.renders.count
        // Every node of lesmis has degree ≥ 1: the filter selects them all.
        h.key(.char(":")); h.type("filter degree >= 1"); h.key(.enter)
        h.wait(0.3)
        #expect(ObjectIdentifier(h.state.context) == context, "the view was rebuilt")
        #expect(!h.effects.contains { if case .showFilter = $0 { return true } else { return false } })
        #expect(h.state.shownFilter == "degree >= 1")
        // The message says what the filter kept, not that it is still computing.
        #expect(h.state.message?.text.hasPrefix("filter: 77 of 77 nodes") == true, "\(String(describing: h.state.message))")
        #expect(h.state.panelSections(now: h.now).flatMap(\.rows).contains { $0.name == "filter" && $0.value == "degree >= 1" })
        // Clearing it keeps the view too; the panel no longer names a filter.
        h.key(.char(":")); h.type("filter"); h.key(.enter)
        h.wait(0.3)
        #expect(ObjectIdentifier(h.state.context) == context)
        #expect(h.state.shownFilter == nil)
        #expect(!h.state.panelSections(now: h.now).flatMap(\.rows).contains { $0.name == "filter" })
        #expect(h.renders.count >= renders)
        // A filter that does narrow the view still rebuilds it.
        h.key(.char(":")); h.type("filter degree >= 10"); h.key(.enter)
        h.wait(0.3)
        #expect(ObjectIdentifier(h.state.context) != context)
        #expect(h.state.context.graph.nodeCount < 77)
        // The frame log says when the new view is shown (benchmarks time a filter by it).
        let shown = "view nodes \(h.state.context.graph.nodeCount) edges"
        #expect(h.effects.contains { if case .logFrame(let l) = $0 { l.contains(shown) } else { false } })
        // And undo returns to all nodes.
        h.key(.char("u"))
        h.wait(0.3)
        #expect(h.state.context.graph.nodeCount == 77)
    }

    @Test func typingACommandDoesNotRedrawThePicture() throws {
        // At a million nodes a picture takes the cores for a while: the
        // command line opening over a settled picture must not ask for one.
        let big = try Generators.barabasiAlbert(nodes: 61_000, m: 5, seed: 2)   // > 300k edges: its still is slow
        for (graph, mode) in [(nil, GraphicsMode.sixel), (nil, .blocks), (big, .sixel)] {
            var h = try ExplorerHarness(graph: graph, mode: mode)
            h.wait(1.5)
            let before = h.renders.count
            h.key(.char(":")); h.wait(0.1)
            h.type("filter degree >= 1"); h.wait(0.5)
            let asked = h.renders.dropFirst(before).map { "\($0.detail)" }
            #expect(asked.isEmpty, "\(mode), \(h.state.context.graph.nodeCount) nodes: typing asked for pictures: \(asked)")
        }
    }

    @Test func typingACommandWhileTheStillWaitsDrawsNoMovingFrames() throws {
        var h = try ExplorerHarness(mode: .sixel)
        h.wait(0.3)
        // The full-detail thread is busy with a still given up (a million
        // edges take seconds): a zoom is answered by moving frames...
        h.state.abandonedStill = true
        h.key(.char("+"))
        h.wait(1.0)
        let moving = h.renders.filter { $0.detail == .interactive }.count
        #expect(moving > 0)
        // ...but keys that change nothing in the picture are not: each moving
        // frame of a big graph takes the cores for a while.
        let before = h.renders.count
        h.key(.char(":")); h.type("filter degree >= 2")
        h.wait(0.5)
        let asks = h.effects.compactMap { if case .logFrame(let l) = $0, l.contains(" ask ") { l } else { nil } }.suffix(3)
        #expect(h.renders.count == before, "\(asks)")
        // The still follows once its thread is free.
        h.state.abandonedStill = false
        h.wait(0.3)
        #expect(h.renders.dropFirst(before).contains { $0.detail == .full })
    }

    /// A sixel explorer whose theme just changed: a full-detail picture is
    /// asked for and still being drawn (pictures are not drawn until told).
    static func drawingAStill() throws -> (ExplorerHarness, PictureRequest) {
        var h = try ExplorerHarness(mode: .sixel)
        h.wait(0.3)
        h.drawPictures = false
        h.key(.char("t"))
        let still = try #require(h.renders.last)
        try #require(still.detail == .full, "no full-detail request")
        return (h, still)
    }

    @Test func aPictureThatArrivesWhileKeysKeepComingIsShown() throws {
        // Keys faster than pictures (panning a million nodes): each picture
        // that comes is shown, and the next one asked for the keys since.
        // Dropping it for a newer one starved the screen (4 frames/s at 1M).
        var h = try ExplorerHarness(mode: .sixel)
        h.wait(0.3)
        h.drawPictures = false
        for round in 0..<4 {
            h.key(.char(round % 2 == 0 ? "l" : "h"))
            guard let asked = h.renders.last, asked.detail == .interactive else { Issue.record("no moving request"); return }
            h.wait(0.02)
            h.key(.char(round % 2 == 0 ? "l" : "h"))      // another key while it is drawn
            #expect(h.renders.last?.id == asked.id, "a second picture asked while one is drawn")
            h.send(.picture(h.drawer.draw(asked)))
            let shown = h.writes.last { $0.picture != nil }?.picture
            #expect(shown?.inputSeq == asked.inputSeq, "round \(round): the picture was not shown")
            // The next one is asked at once and includes the second key.
            #expect(h.renders.last.map { $0.id > asked.id && $0.inputSeq == h.state.inputSeq } == true)
        }
    }

    @Test func aStillGivenUpBeforeItStartsStillComesBack() throws {
        // The explorer asks for no other still until the given-up one comes
        // back (`abandonedStill`): cancelling must stop its drawing, never
        // drop it unanswered (the explorer then drew no still again).
        let (_, still) = try Self.drawingAStill()
        let delivered = Mutex<[Int]>([])
        let worker = PictureWorker(bus: nil, deliver: { r in delivered.withLock { $0.append(r.id) } })
        worker.submit(still)
        worker.cancel(still.id)      // before the thread takes it
        worker.start()
        let deadline = Date(timeIntervalSinceNow: 20)
        while delivered.withLock({ $0.isEmpty }) && Date() < deadline { usleep(10_000) }
        worker.stop()
        #expect(delivered.withLock { $0 } == [still.id])
    }

    @Test func typingACommandLetsAStillBeingDrawnFinish() throws {
        var (h, still) = try Self.drawingAStill()
        let count = h.renders.count
        // Keys that change nothing the picture shows: the still goes on.
        h.key(.char(":")); h.type("filter deg")
        h.wait(0.5)
        let inFlight = h.state.renderInFlight?.id
        #expect(inFlight == still.id)
        #expect(h.renders.count == count)
        let abandoned = h.state.abandonedStill
        #expect(!abandoned)
        // It arrives and is shown.
        let pictures = h.writes.filter { $0.picture != nil }.count
        h.drawPictures = true
        h.send(.picture(h.drawer.draw(still)))
        h.wait(0.3)
        #expect(h.state.renderInFlight == nil)
        #expect(h.writes.filter { $0.picture != nil }.count > pictures)
    }

    @Test func aGivenUpStillSendsTheNextPicturesToTheMovingThread() throws {
        var (h, still) = try Self.drawingAStill()
        let inFlight = h.state.renderInFlight?.id
        #expect(inFlight == still.id)
        // A key comes: the still is given up and a moving frame answers.
        h.key(.char("+"))
        let abandoned = h.state.abandonedStill
        #expect(abandoned)
        guard let moving = h.renders.last, moving.id != still.id else { Issue.record("no new request"); return }
        #expect(moving.detail == .interactive)
        // Its thread is told to stop drawing it (between batches of edges).
        #expect(h.effects.contains { if case .cancelRender(let id) = $0 { id == still.id } else { false } })
        // Moving pictures are drawn at once from here; the zoom eases out.
        h.drawPictures = true
        h.send(.picture(h.drawer.draw(moving)))
        h.wait(1.5)
        // While the given-up still is drawn no other full-detail picture is asked for...
        #expect(!h.renders.contains { $0.id > moving.id && $0.detail == .full })
        // ...and once it comes back (dropped), the full-detail picture follows.
        h.send(.picture(h.drawer.draw(still)))
        let stillAbandoned = h.state.abandonedStill
        #expect(!stillAbandoned)
        h.wait(0.5)
        #expect(h.renders.contains { $0.id > moving.id && $0.detail == .full })
    }

    @Test func picturesOfTheOldViewWaitBrieflyForAPendingFilter() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        // A filter is asked for; its result has not come yet. The theme
        // changes meanwhile: the old view's picture waits (a big graph's
        // picture would take the cores from building the new view)...
        var effects: [Effect] = []
        h.state.run(command: "filter degree >= 10", now: h.now, effects: &effects)
        let before = h.renders.count
        h.key(.char("t"))
        h.wait(0.3)
        #expect(h.renders.count == before)
        // ...but not for long: a slow filter does not freeze the picture.
        h.wait(0.4)
        #expect(h.renders.count > before)
        // The result still counts once it comes.
        for case .evaluateFilter(let f) in effects { h.send(.filterEvaluated(f, try f.evaluate(in: h.state.context.metrics))) }
        h.wait(0.3)
        #expect(h.state.context.graph.nodeCount < 77)
    }

    @Test func picturesOfTheOldViewWaitWhileTheNewViewIsBuilt() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        var effects: [Effect] = []
        h.state.run(command: "filter degree >= 10", now: h.now, effects: &effects)
        guard case .evaluateFilter(let f)? = effects.first(where: { if case .evaluateFilter = $0 { true } else { false } }) else {
            Issue.record("no filter evaluation asked for"); return
        }
        // The filter's result comes: the new view is asked for, and no
        // picture of the old one (its thread would be busy when the new view came).
        let out = h.state.update(.filterEvaluated(f, try f.evaluate(in: h.state.context.metrics)), now: h.now)
        #expect(out.contains { if case .showFilter = $0 { true } else { false } })
        #expect(!out.contains { if case .render = $0 { true } else { false } })
        let before = h.renders.count
        h.key(.char("t"))
        h.wait(0.3)
        #expect(h.renders.count == before)
        // A view that cannot be built lets pictures of this one go on, and says why.
        h.send(.viewNotBuilt("filter: cannot lay out the subgraph: test"))
        h.wait(0.1)
        #expect(h.renders.count > before)
        #expect(h.state.message?.text.hasPrefix("filter: cannot lay out") == true)
    }
}
