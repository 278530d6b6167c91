import Foundation
import GraphCore
import Render
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
        // And undo returns to all nodes.
        h.key(.char("u"))
        h.wait(0.3)
        #expect(h.state.context.graph.nodeCount == 77)
    }

    @Test func aGivenUpStillSendsTheNextPicturesToTheMovingThread() throws {
        var h = try ExplorerHarness(mode: .sixel)
        h.wait(0.3)
        h.drawPictures = false
        h.key(.char("t"))   // the theme changes: a new still picture
        // A full-detail picture is asked for and is being drawn.
        guard let still = h.renders.last, still.detail == .full else { Issue.record("no full-detail request"); return }
        let inFlight = h.state.renderInFlight?.id
        #expect(inFlight == still.id)
        // A key comes: the still is given up and a moving frame answers.
        h.key(.char("+"))
        let abandoned = h.state.abandonedStill
        #expect(abandoned)
        guard let moving = h.renders.last, moving.id != still.id else { Issue.record("no new request"); return }
        #expect(moving.detail == .interactive)
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
}
