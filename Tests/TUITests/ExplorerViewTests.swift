import Foundation
import GraphCore
import Layout
import Render
import Testing
import StreamInterface
import TerminalGraphics
@testable import TUI

/// The explorer's view commands (color, size, label, focus, hide, show,
/// fade), undo and redo of every view change, and sessions — driven through
/// `update` with keys, read back from the state and the screen.
@Suite struct ExplorerViewTests {
    static let karate = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/karate_networkx.graphml").path

    func command(_ h: inout ExplorerHarness, _ text: String) {
        h.key(.char(":")); h.type(text); h.key(.enter); h.wait(0.3)
    }

    func label(_ h: ExplorerHarness, _ name: String) -> Int? {
        h.state.context.graph.node(withID: name)
    }

    @Test func colourAndSizeByAMetricUseTheRenderMappingAndTheLegendShowsItsRange() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        command(&h, "color pagerank")
        let pr = try h.state.context.metrics.values(.pagerank)
        let legend = try #require(h.state.scene.legend)
        #expect(legend.color == "pagerank")
        #expect(legend.colorScale == Legend.Scale(min: pr.min()!, max: pr.max()!))
        // The same categories `tangle render --color-by pagerank` draws.
        let expected = try NodeMapping.colouring(by: "pagerank", store: h.state.context.metrics, shown: nil)
        #expect(h.state.scene.categories == expected.categories)
        #expect(Set(expected.categories).count > 5)   // a continuous ramp, not one colour
        #expect(h.panelValue("colour c")?.hasPrefix("pagerank ") == true)
        // The text legend: the name, then min and max under the ramp.
        #expect(h.screen.contains("colour pagerank"))
        #expect(h.screen.contains(NodeMapping.scaleText(pr.min()!)) && h.screen.contains(NodeMapping.scaleText(pr.max()!)))

        command(&h, "size betweenness")
        let bc = try h.state.context.metrics.values(.betweenness)
        #expect(h.state.scene.legend?.size == "betweenness")
        #expect(h.state.scene.legend?.sizeScale == Legend.Scale(min: bc.min()!, max: bc.max()!))
        let valjean = try #require(label(h, "Valjean"))
        let smallest = try #require(bc.indices.min { bc[$0] < bc[$1] })
        #expect(h.state.scene.sizes[valjean] > h.state.scene.sizes[smallest])

        command(&h, "label degree")
        #expect(h.state.scene.label(of: valjean) == "36")
        #expect(h.state.labels[valjean] == "36")

        // A wrong name says why and changes nothing.
        command(&h, "color nosuch")
        #expect(h.state.message?.text.contains("unknown metric or attribute \"nosuch\"") == true)
        #expect(h.state.scene.legend?.color == "pagerank")

        // Plain `color`, `size`, `label` go back to the defaults.
        command(&h, "color"); command(&h, "size"); command(&h, "label")
        #expect(h.state.scene.legend?.colorScale == nil)
        #expect(h.state.scene.legend?.size == "degree")
        #expect(h.state.scene.label(of: valjean) == "Valjean")
    }

    @Test func colourByAStringAttributeIsCategorical() throws {
        var h = try ExplorerHarness(graph: try GraphIO.read(Self.karate), source: "karate")
        h.wait(0.3)
        command(&h, "color club")
        let legend = try #require(h.state.scene.legend)
        #expect(legend.colorScale == nil)
        #expect(Set(legend.entries) == ["Mr. Hi", "Officer"])
        #expect(Set(h.state.scene.categories) == [0, 1])
        // The selection lists every attribute of the node.
        h.key(.tab)
        let n = try #require(h.state.selected)
        for (k, v) in h.state.context.graph.nodeAttributes.values(of: n) where k != "label" {
            #expect(h.panelValue(k) == v.text, "attribute \(k)")
        }
    }

    @Test func focusHideShowAndFade() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        command(&h, "focus community 1")
        let community = try h.state.context.metrics.values(.community)
        #expect(h.state.context.graph.nodeCount == community.filter { $0 == 0 }.count)
        #expect(h.panelValue("filter") == "community == 0")
        command(&h, "filter")

        // hide the selection, then show it again.
        h.key(.char("/")); h.type("Valjean"); h.key(.enter)
        command(&h, "hide")
        #expect(h.state.context.graph.nodeCount == 76)
        #expect(h.state.context.graph.node(withID: "Valjean") == nil)
        #expect(h.panelValue("hidden") == "1: Valjean")
        command(&h, "show")
        #expect(h.state.context.graph.nodeCount == 77)

        // Fade: the filter's rest stays, dimmed, and v toggles back.
        command(&h, "filter kcore >= 4")
        let kept = try h.state.context.metrics.values(.kcore).filter { $0 >= 4 }.count
        #expect(h.state.context.graph.nodeCount == kept)
        h.key(.char("v")); h.wait(0.3)
        #expect(h.state.context.graph.nodeCount == 77)
        #expect(h.state.scene.faded?.filter { $0 }.count == 77 - kept)
        #expect(h.panelValue("shown") == "\(kept) of 77 nodes")
        #expect(h.panelValue("filtered v") == "fade")
        #expect(h.panelValue("nodes") == "\(kept)")
        h.key(.char("v")); h.wait(0.3)
        #expect(h.state.context.graph.nodeCount == kept)
        #expect(h.state.scene.faded == nil)
    }

    @Test func undoAndRedoCoverFiltersMappingsThemeEdgesAndTheCamera() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        let theme0 = h.state.themeIndex
        command(&h, "filter degree >= 5")
        let n5 = h.state.context.graph.nodeCount
        command(&h, "color kcore")
        h.key(.char("t"))
        h.key(.char("e"))
        let goal = h.state.camera.goal
        h.key(.char("+")); h.key(.char("+"))   // one burst: one undo step
        #expect(h.state.camera.goal != goal)
        h.now += 2
        h.key(.char("u"))
        #expect(h.state.camera.goal == goal)
        h.key(.char("u"))
        #expect(h.state.scene.showEdges)
        h.key(.char("u"))
        #expect(h.state.themeIndex == theme0)
        h.key(.char("u"))
        #expect(h.state.scene.legend?.color != "kcore")
        h.key(.char("u")); h.wait(0.3)
        #expect(h.state.context.graph.nodeCount == 77)
        // And forward again.
        h.key(.control("r")); h.wait(0.3)
        #expect(h.state.context.graph.nodeCount == n5)
        h.key(.control("r"))
        #expect(h.state.scene.legend?.color == "kcore")
        h.key(.control("r"))
        #expect(h.state.themeIndex != theme0)
    }

    /// Options as `tangle FILE --session S` builds them.
    func reopened(_ s: Session, graph whole: Graph) throws -> ExplorerHarness {
        try ExplorerHarness(graph: whole) { o in
            let text = ExplorerState.effectiveFilter(s.filter, hidden: s.hidden)
            if let text {
                let mask = try! Filter(parsing: text).evaluate(in: MetricStore(graph: whole))
                o.whole = whole
                o.startMask = mask
                o.fade = s.fade
                if !s.fade { o.graph = whole.induced(by: mask) }
            }
            o.filter = text
            o.session = s
            o.initialPositions = s.positions(on: o.graph)
            o.paused = s.paused
            o.themeName = s.theme
        }
    }

    @Test func aSessionReopensTheSamePanelAndPicture() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        command(&h, "filter kcore >= 3")
        h.key(.char("/")); h.type("Valjean"); h.key(.enter)
        h.key(.char("x")); h.wait(0.3)
        command(&h, "color pagerank")
        command(&h, "size degree")
        command(&h, "label kcore")
        command(&h, "path Napoleon Javert")
        h.key(.char("t"))
        h.key(.char("+")); h.wait(0.5)
        let saved = h.state.session()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tangle-session-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.json").path
        try saved.write(to: path)
        let read = try Session.read(path)
        #expect(read == saved)

        var again = try reopened(read, graph: h.state.context.whole)
        again.wait(0.5)
        h.wait(0.5)
        // Everything but the moving numbers (frame times) is the same.
        let volatile = ["frame", "steps/s"]
        func stable(_ p: [String]) -> [String] { p.filter { line in !volatile.contains { line.trimmingCharacters(in: .whitespaces).hasPrefix($0) } } }
        #expect(stable(again.panel) == stable(h.panel))
        #expect(again.state.scene.positions == h.state.scene.positions)
        #expect(again.state.scene.categories == h.state.scene.categories)
        #expect(again.state.scene.sizes == h.state.scene.sizes)
        #expect(again.state.camera.goal == h.state.camera.goal)
        #expect(again.state.highlightedPath == h.state.highlightedPath)
        #expect(again.state.theme.name == h.state.theme.name)
        #expect(again.state.selected.map { again.state.context.labels[$0] } == "Valjean")
        #expect(again.state.cellPicture?.glyphs == h.state.cellPicture?.glyphs)
    }

    @Test func aSessionOfAnotherGraphIsRefusedAndNothingIsOverwritten() throws {
        let h = try ExplorerHarness()
        let karate = try GraphIO.read(Self.karate)
        let s = h.state.session()
        #expect(s.mismatch(with: h.state.context.whole, path: "s.json") == nil)
        let why = try #require(s.mismatch(with: karate, path: "s.json"))
        #expect(why.contains("another graph") && why.contains("77 nodes") && why.contains("34 nodes"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tangle-session-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A session of karate is there: saving lesmis over it is refused, byte for byte unchanged.
        let k = try ExplorerHarness(graph: karate, source: "karate")
        let path = dir.appendingPathComponent("s.json").path
        try k.state.session().write(to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: GraphError.self) { try s.write(to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // A file that is not a session is not overwritten either.
        let other = dir.appendingPathComponent("notes.txt").path
        try "keep me".write(toFile: other, atomically: false, encoding: .utf8)
        #expect(throws: GraphError.self) { try s.write(to: other) }
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "keep me")
        // A link planted at the name is replaced, never written through.
        let target = dir.appendingPathComponent("target").path
        try "precious".write(toFile: target, atomically: false, encoding: .utf8)
        let link = dir.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try s.write(to: link)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious")
        #expect(try Session.read(link) == s)
        let attributes = try FileManager.default.attributesOfItem(atPath: link)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.json", "notes.txt", "s.json", "target"])
    }

    @Test func aCommandBeingTypedSurvivesTheViewChangingUnderIt() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        // A filter asked for; its evaluation comes back while the next command is half typed.
        var effects: [Effect] = []
        h.state.run(command: "filter kcore >= 3", now: h.now, effects: &effects)
        #expect(h.state.pendingFilter != nil)
        h.key(.char(":")); h.type("path Napoleon Jav")
        for case .evaluateFilter(let f) in effects { h.send(.filterEvaluated(f, try f.evaluate(in: h.state.context.metrics))) }
        h.wait(0.3)
        #expect(h.state.context.graph.nodeCount < 77)
        #expect(h.state.pendingFilter == nil)
        #expect(h.state.commandLine?.text == "path Napoleon Jav")
        h.type("ert"); h.key(.enter)
        #expect(h.state.highlightedPath != nil)
    }

    @Test func theBrowserRunsCommandsButNotSessionFiles() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        // The viewer's command box sends ":", the letters and Enter as keys.
        func browserCommand(_ text: String) {
            h.browserKey(UInt32(Character(":").unicodeScalars.first!.value))
            for s in text.unicodeScalars { h.browserKey(s.value) }
            h.browserKey(WebKey.enter.rawValue)
            h.wait(0.3)
        }
        browserCommand("filter degree >= 10")
        #expect(h.panelValue("filter") == "degree >= 10")
        browserCommand("color kcore")
        #expect(h.state.scene.legend?.color == "kcore")
        let before = h.effects.count
        browserCommand("save /tmp/should-not-exist.json")
        #expect(h.state.message?.text.contains("browser viewer cannot save") == true)
        #expect(!h.effects[before...].contains { if case .saveSession = $0 { return true } else { return false } })
        browserCommand("open /tmp/x.json")
        #expect(!h.effects[before...].contains { if case .openSession = $0 { return true } else { return false } })
        // The terminal may.
        command(&h, "save /dev/null/x.json")
        #expect(h.effects[before...].contains { if case .saveSession = $0 { return true } else { return false } })
    }
}
