import Foundation
import FrameBus
import GraphCore
import Layout
import Render
import StreamInterface
import Testing
import TerminalGraphics
@testable import TUI

/// The explorer's behaviour, driven through `update` with event sequences;
/// the screen is read from an in-memory terminal. No tmux, no xterm.
@Suite(.serialized) struct ExplorerStateTests {
    /// Every panel line starts right of the separator, and no picture cell
    /// (a coloured cell) lies in the panel or the status line.
    func expectIntact(_ h: ExplorerHarness, sourceLocation: SourceLocation = #_sourceLocation) {
        let sep = h.state.layout.panel.x - 1
        for y in 0..<h.state.layout.panel.height {
            #expect(h.terminal[sep, y].scalar == "│", "row \(y): \(h.terminal.row(y))", sourceLocation: sourceLocation)
            for x in (sep + 1)..<h.terminal.width {
                #expect(!h.terminal.hasColouredCell(at: x, y), "picture cell at \(x),\(y)", sourceLocation: sourceLocation)
            }
        }
        #expect(h.terminal.replacementCharacters == 0, sourceLocation: sourceLocation)
        #expect(h.terminal.unknownSequences == 0, sourceLocation: sourceLocation)
        // What the terminal shows is what the state composed.
        let view = h.state.view(now: h.now)
        #expect(h.terminal.lines == view.lines, sourceLocation: sourceLocation)
    }

    @Test func firstScreenHasPanelPictureAndStatus() throws {
        var h = try ExplorerHarness()
        h.wait(0.5)
        #expect(h.panelValue("nodes") == "77")
        #expect(h.panelValue("edges") == "254 (weighted)")
        #expect(h.screen.contains("Layout"))
        #expect(h.terminal.lines.last!.contains("? help"))
        #expect(h.renders.count >= 1)
        #expect(h.state.cellPicture != nil)
        expectIntact(h)
    }

    @Test func searchSelectsFromTheTerminal() throws {
        var h = try ExplorerHarness()
        h.key(.char("/"))
        h.type("Val")
        #expect(h.terminal.lines.last!.contains("/Val"))
        #expect(h.terminal.lines.last!.contains("1/1: Valjean"))
        h.key(.enter)
        #expect(h.state.selected.map { h.state.context.labels[$0] } == "Valjean")
        #expect(h.screen.contains("Selection"))
        #expect(h.panelValue("degree")?.hasPrefix("36") == true)
        expectIntact(h)
    }

    @Test func searchFromTheBrowserIsTheSameAsFromTheTerminal() throws {
        var h = try ExplorerHarness()
        let algorithm = h.state.snapshot.algorithm
        let camera = h.state.camera
        h.browserKey(UInt32(UnicodeScalar("/").value))
        for c in "Val".unicodeScalars { h.browserKey(c.value) }
        // The letters went to the search, not to their keys (a: algorithm, l: pan).
        #expect(h.state.search.query == "Val")
        #expect(!h.layoutCommands.contains(.algorithm(algorithm == .forceAtlas2 ? .fruchtermanReingold : .forceAtlas2)))
        #expect(h.state.camera.goal == camera.goal)
        h.browserKey(WebKey.enter.rawValue)
        #expect(h.state.selected.map { h.state.context.labels[$0] } == "Valjean")
        #expect(!h.state.search.editing)
    }

    @Test func browserViewersMayNotQuitStopSharingOrWriteFiles() throws {
        var h = try ExplorerHarness()
        h.browserKey(UInt32(UnicodeScalar("q").value))
        h.browserKey(UInt32(UnicodeScalar("w").value))
        h.browserKey(UInt32(UnicodeScalar("s").value))
        #expect(h.state.exitStatus == nil)
        #expect(!h.effects.contains { if case .writeSnapshot = $0 { return true } else { return false } })
        #expect(!h.effects.contains { if case .startServer = $0 { return true } else { return false } })
        #expect(h.state.message?.text.contains("browser viewer cannot") == true)
        // The same keys from the terminal do act.
        h.key(.char("s"))
        #expect(h.effects.contains { if case .startServer = $0 { return true } else { return false } })
        h.key(.char("q"))
        #expect(h.state.exitStatus == 0)
    }

    @Test func pauseAndThemeAndHelp() throws {
        var h = try ExplorerHarness(running: true)
        #expect(h.panelValue("state") == "running")
        h.key(.char(" "))
        #expect(h.layoutCommands.last == .pause)
        #expect(h.panelValue("state") == "paused")
        let before = h.state.theme.name
        let renders = h.renders.count
        h.key(.char("t"))
        #expect(h.state.theme.name != before)
        #expect(h.panelValue("theme t") == h.state.theme.name)
        #expect(h.renders.count == renders + 1)
        #expect(h.renders.last?.theme.name == h.state.theme.name)
        h.key(.char("?"))
        #expect(h.screen.contains("Tangle keys"))
        // Keys other than the closing ones do nothing under help.
        h.key(.char("t"))
        #expect(h.state.theme.name != before || h.state.context.themes.count == 2)
        h.key(.escape)
        #expect(!h.screen.contains("Tangle keys"))
        expectIntact(h)
    }

    @Test func helpHidesThePictureBeneathIt() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        h.key(.char("?"))
        h.wait(0.3)
        let box = (0..<h.terminal.height).filter { h.terminal.row($0).contains("Tangle keys") }
        #expect(box.count == 1)
        let top = box[0]
        let left = h.terminal.row(top).unicodeScalars.firstIndex(of: "╭").map { h.terminal.row(top).unicodeScalars.distance(from: h.terminal.row(top).unicodeScalars.startIndex, to: $0) }!
        // Inside the box: text cells only, no picture colours.
        var y = top + 1
        while y < h.terminal.height, h.terminal[left, y].scalar == "│" {
            for x in (left + 1)..<(left + 40) { #expect(!h.terminal.hasColouredCell(at: x, y), "picture cell in the help box at \(x),\(y)") }
            y += 1
        }
        #expect(y - top > 10)
        // The picture keeps updating under the box (cell mode composes it beneath).
        expectIntact(h)
    }

    @Test func resizeLeavesNothingOfTheOldScreen() throws {
        var h = try ExplorerHarness(columns: 160, rows: 45)
        h.wait(0.3)
        h.key(.char("/")); h.type("Val")
        // The terminal's grid changes first (what it keeps of the old screen
        // varies: tmux reflows, xterm clips), then SIGWINCH arrives.
        h.terminal = VirtualTerminal(width: 100, height: 30)
        h.send(.resize(TerminalGeometry(columns: 100, rows: 30, xPixels: 1000, yPixels: 600)))
        h.wait(0.3)
        expectIntact(h)
        #expect(h.terminal.lines.last!.contains("/Val"))
        h.terminal = VirtualTerminal(width: 160, height: 45)
        h.send(.resize(TerminalGeometry(columns: 160, rows: 45, xPixels: 1600, yPixels: 900)))
        h.wait(0.3)
        expectIntact(h)
        #expect(h.state.cellPicture?.columns == h.state.placement?.pane.columns)
    }

    @Test func aClickSelectsInTheFrameItTriggers() throws {
        var h = try ExplorerHarness()
        h.key(.char(" "))
        h.wait(1)
        // Where is Valjean? Take the label anchor the last picture reported.
        let valjean = h.state.context.labels.firstIndex(of: "Valjean")!
        let anchor = try #require(h.state.anchors.first { $0.node == valjean })
        let pane = h.state.layout.picture
        let column = pane.x + Int(anchor.x * Float(pane.width))
        let row = pane.y + Int(anchor.y * Float(pane.height))
        let before = h.renders.count
        h.send(.input(.mouse(MouseEvent(kind: .press, column: column, row: row, button: 1))))
        h.send(.input(.mouse(MouseEvent(kind: .release, column: column, row: row, button: 1))))
        h.wait(0.5)
        #expect(h.state.selected == valjean)
        // One picture for the click, drawn with the selection; none after it.
        #expect(h.renders.count == before + 1)
        #expect(h.renders.last?.pick != nil)
        #expect(h.screen.contains("Selection"))
    }

    @Test func labelsOfTopNodesAreTextOnThePicture() throws {
        var h = try ExplorerHarness()
        h.key(.char(" "))
        h.wait(1)
        let pane = h.state.layout.picture
        let pictureText = (pane.y..<pane.maxY).map { y in
            String(h.terminal.row(y).unicodeScalars.prefix(pane.width).map(Character.init))
        }.joined(separator: "\n")
        let top = h.state.context.byDegree.prefix(3).map { h.state.context.labels[$0] }
        for name in top { #expect(pictureText.contains(name), "\(name) not on the picture") }
        #expect(pictureText.contains("community") || pictureText.contains("degree"))  // the legend's title
    }

    @Test func statusCountsFramesDrawnAndSaysStillWhenIdle() throws {
        var h = try ExplorerHarness()
        h.key(.char(" "))
        h.wait(3)
        #expect(h.terminal.lines.last!.contains("still"))
        // Nothing changes: the loop would sleep until an event.
        h.wait(3)
        #expect(h.state.nextDeadline(now: h.now) == nil)
        let writes = h.writes.count
        h.wait(5)

        #expect(h.writes.count == writes)
    }

    @Test func layoutSnapshotsArePacedNotQueued() throws {
        // A graph whose layout runs for a while (lesmis may converge in a handful of snapshots).
        let big = try Generators.barabasiAlbert(nodes: 3000, m: 2, seed: 3)
        var h = try ExplorerHarness(graph: big, source: "ba3000", running: true)
        h.drawPictures = false
        let before = h.renders.count
        let g = h.state.context.graph
        let runner = try LayoutRunner(graph: g, algorithm: .forceAtlas2)
        runner.start()
        defer { runner.stop() }
        var last = runner.snapshot.generation
        var sent = 0
        for _ in 0..<40 {
            guard let s = runner.waitForSnapshot(after: last, timeout: .seconds(5)) else { break }
            last = s.generation
            h.send(.layout(s, graph: ObjectIdentifier(h.state.context)))
            sent += 1
            h.now += 0.02
        }
        // While a picture is being drawn no second is asked for.
        #expect(sent > 5)
        #expect(h.renders.count == before + 1)
        #expect(h.state.renderInFlight != nil)
        // When it comes back, the next one is asked for at the next paced
        // slot, with the newest positions (none of the ones in between).
        let request = h.renders.last!
        h.send(.picture(h.drawer.draw(request)))
        h.wait(0.06)
        #expect(h.renders.count == before + 2)
        #expect(h.renders.last!.scene.positions == h.state.scene.positions)
    }

    @Test func aFileWithPositionsAndColoursOpensAsItWasSaved() throws {
        let g = try ExplorerHarness.graph("demo:karate")
        let positions = LayoutPositions(dimension: 2, coordinates: (0..<g.nodeCount).flatMap { [Double($0), Double($0 % 5)] })
        let palette = [Render.RGB(200, 30, 30), Render.RGB(30, 200, 30)]
        var h = try ExplorerHarness(graph: g, source: "karate.gexf") { o in
            o.initialPositions = positions
            o.positionsSource = "viz:position in the file"
            o.initialColors = (0..<g.nodeCount).map { palette[$0 % 2] }
        }
        h.wait(0.5)
        #expect(h.panelValue("positions")?.hasPrefix("from viz:position") == true)
        #expect(h.panelValue("state") == "paused")
        #expect(h.panelValue("colour c") == "file colours")
        #expect(h.state.theme.palette == palette)
        #expect(h.state.scene.positions.prefix(4) == [0, 0, 1, 1])
        // The file's two colours are what the picture shows.
        let picture = try #require(h.state.cellPicture)
        let colours = Set(picture.fg + picture.bg)
        #expect(colours.contains(0xC81E1E) || colours.contains(0x1EC81E))
    }

    @Test func theFilterInForceIsInThePanel() throws {
        var h = try ExplorerHarness { $0.filter = "kcore >= 3" }
        h.wait(0.2)
        #expect(h.panelValue("filter") == "kcore >= 3")
    }

    @Test func commandLineFiltersGrowsUndoesAndFindsPaths() throws {
        var h = try ExplorerHarness()
        h.wait(0.3)
        h.key(.char(":"))
        h.type("fil")
        h.key(.tab)
        #expect(h.state.commandLine?.text == "filter ")
        h.type("kc")
        h.key(.tab)
        #expect(h.state.commandLine?.text == "filter kcore ")  // one match: completed, with a space
        h.type(">= 3")
        #expect(h.terminal.lines.last!.hasPrefix(":filter kcore >= 3"))
        h.key(.enter)
        h.wait(0.3)
        let kcore = try h.state.context.metrics.values(.kcore)
        let expected = kcore.filter { $0 >= 3 }.count
        #expect(h.state.context.graph.nodeCount == expected)
        #expect(h.panelValue("filter") == "kcore >= 3")
        #expect(h.panelValue("shown") == "\(expected) of 77 nodes")
        expectIntact(h)
        // A mistake points at its column and changes nothing.
        h.key(.char(":")); h.type("filter degree >>= 2"); h.key(.enter)
        #expect(h.state.message?.text.contains("filter:1:") == true || h.state.message?.text.contains("col") == true)
        #expect(h.state.context.graph.nodeCount == expected)
        // Select Valjean, then x: his neighbourhood, one hop, then two.
        h.key(.char("/")); h.type("Valjean"); h.key(.enter)
        h.key(.char("x"))
        h.wait(0.3)
        #expect(h.panelValue("filter") == "ego(Valjean, 1)")
        #expect(h.state.context.graph.nodeCount == 37)
        #expect(h.state.selected.map { h.state.context.labels[$0] } == "Valjean")
        h.key(.char("x"))
        h.wait(0.3)
        #expect(h.panelValue("filter") == "ego(Valjean, 2)")
        // u undoes, one step at a time; Ctrl-R redoes.
        h.key(.char("u")); h.wait(0.3)
        #expect(h.panelValue("filter") == "ego(Valjean, 1)")
        h.key(.char("u")); h.wait(0.3)
        #expect(h.panelValue("filter") == "kcore >= 3")
        h.key(.control("r")); h.wait(0.3)
        #expect(h.panelValue("filter") == "ego(Valjean, 1)")
        h.key(.char(":")); h.type("filter"); h.key(.enter); h.wait(0.3)
        #expect(h.state.context.graph.nodeCount == 77)
        #expect(h.panelValue("filter") == nil)
        // A path: highlighted and listed.
        h.key(.char(":")); h.type("path Napoleon Javert"); h.key(.enter)
        let p = try #require(h.state.highlightedPath)
        #expect(p.first == h.state.context.whole.node(withID: "Napoleon"))
        #expect(p.last == h.state.context.whole.node(withID: "Javert"))
        #expect(h.screen.contains("Path"))
        #expect(h.state.scene.matches.count == p.count)
        // History: up brings the last command back.
        h.key(.char(":")); h.key(.up)
        #expect(h.state.commandLine?.text == "path Napoleon Javert")
        h.key(.escape)
        #expect(h.state.commandLine == nil)
        expectIntact(h)
    }
}
