import Foundation
import FrameBus
import GraphCore
import Layout
import Render
import TerminalGraphics
@testable import TUI

/// The explorer without a terminal: `update` driven by events, its effects
/// carried out in memory. Pictures are drawn by the real renderer (OSMesa)
/// and encoder on this thread; writes land in a `VirtualTerminal`, whose
/// screen is what a person would see. Time is a number the test moves.
struct ExplorerHarness {
    var state: ExplorerState
    var terminal: VirtualTerminal
    var drawer = PictureDrawer(bus: nil)
    var now = 100.0
    /// Every effect seen, in order.
    var effects: [Effect] = []
    var renders: [PictureRequest] = []
    var writes: [WriteJob] = []
    var layoutCommands: [LayoutCommand] = []
    /// Render requests are carried out at once unless this is false (then they wait in `renders`).
    var drawPictures = true

    static func graph(_ name: String = "demo:lesmis") throws -> Graph { try GraphIO.read(name) }

    init(graph: Graph? = nil, source: String = "demo:lesmis", mode: GraphicsMode = .blocks,
         columns: Int = 120, rows: Int = 40, capabilities: TerminalCapabilities = TerminalCapabilities(),
         running: Bool = false, placed: Bool = true, configure: (inout ExplorerOptions) -> Void = { _ in }) throws {
        let g = try graph ?? Self.graph(source)
        var options = ExplorerOptions(source: source, graph: g)
        options.graphicsMode = mode
        options.themeName = "dark"
        options.paused = !running
        configure(&options)
        let context = ExplorerContext(options: options, themes: ThemeLibrary.builtinNames.compactMap { ThemeLibrary.builtin($0) })
        let runner = try LayoutRunner(graph: context.graph, initial: options.initialPositions)
        // The explorer's first snapshot of a graph without positions is a
        // random start it does not draw (`provisional`) until the layout
        // thread places it; the harness has no layout thread, so unless a
        // test wants that start (`placed: false`) it starts after one step.
        let first = placed ? Self.afterOneStep(runner) : runner.snapshot
        state = try ExplorerState(context: context, snapshot: first, capabilities: capabilities,
                                  segment: .success("tangle-test"))
        var caps = capabilities
        caps.cellSize = caps.cellSize ?? PixelSize(width: 10, height: 20)
        state.capabilities = caps
        terminal = VirtualTerminal(width: columns, height: rows)
        send(.resize(TerminalGeometry(columns: columns, rows: rows, xPixels: columns * 10, yPixels: rows * 20)))
    }

    /// Sends one event and carries out what it asks for, until nothing is left to do.
    mutating func send(_ event: AppEvent) {
        var queue = [event]
        while !queue.isEmpty {
            let e = queue.removeFirst()
            for effect in state.update(e, now: now) {
                effects.append(effect)
                switch effect {
                case .render(let request):
                    renders.append(request)
                    if drawPictures { queue.append(.picture(drawer.draw(request))) }
                case .write(let job):
                    writes.append(job)
                    terminal.apply(job.bytes)
                    queue.append(.written(WriteReport(bytes: job.bytes.count, startedAt: now, seconds: 0.001, picture: job.picture, seq: job.seq)))
                case .layout(let c):
                    layoutCommands.append(c)
                case .evaluateFilter(let f):
                    if let mask = try? f.evaluate(in: state.context.metrics) { queue.append(.filterEvaluated(f, mask)) }
                case .showFilter(let text, let mask, let fade):
                    // As the explorer's runner does: a context for the subgraph and a layout of it.
                    var options = state.context.options
                    options.filter = text
                    options.fade = fade
                    options.session = nil
                    let ctx = ExplorerContext(options: options, whole: state.context.whole, mask: text == nil ? nil : mask,
                                              metrics: state.context.metrics, themes: state.context.themes)
                    // Starting where the nodes were shown (as the explorer does; new ones at the centre).
                    let old = state.context, dim = state.snapshot.dimension, p = state.snapshot.positions
                    var coords = [Double](repeating: 0, count: ctx.graph.nodeCount * dim)
                    for i in 0..<ctx.graph.nodeCount {
                        guard let j = old.shownIndex(ofWhole: ctx.wholeIndex(ofShown: i)), (j + 1) * dim <= p.count else { continue }
                        for k in 0..<dim { coords[i * dim + k] = Double(p[j * dim + k]) }
                    }
                    if let runner = try? LayoutRunner(graph: ctx.graph, initial: LayoutPositions(dimension: dim, coordinates: coords)) {
                        queue.append(.rebased(ctx, runner.snapshot))
                    }
                default:
                    break
                }
            }
        }
    }

    /// The runner's first placed snapshot (a layout thread started paused,
    /// stepped until it places the nodes, stopped): one step for ForceAtlas2,
    /// the coarsest level for multilevel.
    static func afterOneStep(_ runner: LayoutRunner) -> LayoutSnapshot {
        guard runner.snapshot.provisional else { return runner.snapshot }
        runner.start(paused: true)
        var s = runner.snapshot
        for _ in 0..<200 where s.provisional {
            runner.step()
            s = runner.waitForSnapshot(after: s.generation) ?? runner.snapshot
        }
        runner.stop()
        return s
    }

    mutating func key(_ k: Key) { send(.input(.key(k))) }

    mutating func type(_ text: String) {
        for s in text.unicodeScalars { key(.char(s)) }
    }

    /// A key from a browser viewer, as the side server puts it on the queue.
    mutating func browserKey(_ code: UInt32, modifiers: KeyModifiers = []) {
        send(.browser(InteractionEvent(kind: .keyDown, modifiers: modifiers, keyCode: code)))
    }

    /// Lets time pass: ticks at the state's deadlines up to `seconds` later.
    mutating func wait(_ seconds: Double) {
        let end = now + seconds
        while let d = state.nextDeadline(now: now), d <= end {
            now = max(d, now + 0.001)
            send(.tick)
        }
        now = end
        send(.tick)
    }

    /// The screen as text.
    var screen: String { terminal.text }

    /// The side panel's text, right of the separator.
    var panel: [String] {
        let x = state.layout.panel.x
        return terminal.lines.map { String($0.unicodeScalars.dropFirst(x).map(Character.init)) }
    }

    func panelValue(_ name: String) -> String? {
        for line in panel {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(name + " ") { return t.dropFirst(name.count).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
