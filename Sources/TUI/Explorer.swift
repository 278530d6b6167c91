import CTermGuard
import Foundation
import FrameBus
import GraphCore
import Layout
import Render
import StreamInterface
import TangleBasics
import TerminalGraphics

/// The explorer's loop: one event queue, one state, one writer.
///
/// Every source (terminal bytes, signals, layout snapshots, statistics,
/// pictures, write completions, browser events, the side server) becomes an
/// `AppEvent`; `ExplorerState.update` turns each into a new state and a list
/// of effects, and the small runners here carry the effects out. The loop
/// sleeps in `poll` until an event or the state's next deadline; it never
/// polls on a fixed interval and never waits for the layout or a frame.
public final class Explorer {
    /// The layout's threads run below input, moving frames and the screen
    /// (above statistics and full-detail stills, at 10): they take what
    /// those leave of the cores.
    static let layoutNiceness: Int32 = 5
    let context: ExplorerContext
    let inbox = EventInbox()
    /// The layout of the graph shown (replaced when a filter changes what is shown).
    private var runner: LayoutRunner
    /// Where every node of the whole graph was last seen (x,y[,z]), so a
    /// node a filter brings back starts where it was.
    private var lastPositions: [Float]?
    private var state: ExplorerState!
    private var terminal: TerminalDevice!
    private var parser = InputParser()
    /// Two render threads: still (full-detail, GL) pictures on one, moving
    /// ones on the other, so input during a slow still picture is answered
    /// at once by a moving frame (the still one's result is then dropped).
    private var worker: PictureWorker!
    private var movingWorker: PictureWorker!
    private var output: TerminalOutput!
    private var bus: FrameBus?
    private var server: ServerProcess?
    private var browserThread: BrowserEvents?
    private var statusError: String?
    private var saveError: String?
    private let frameLog: UnsafeMutablePointer<FILE>?
    /// The tmux we run in, when we do.
    private var tmux: TmuxInfo?
    /// `TANGLE_SCREEN_LOG=FILE`: after each write, the text the screen shows
    /// (replaced whole), so a test in a real terminal can read the panel.
    private let screenLog = ProcessInfo.processInfo.environment["TANGLE_SCREEN_LOG"]

    public init(options: ExplorerOptions) throws {
        var options = options
        if ProcessInfo.processInfo.environment["TANGLE_FLOW_CONTROL"] == "off" { options.flowControl = false }
        context = ExplorerContext(options: options)
        var parameters = options.parameters
        parameters.dimension = options.initialPositions?.dimension ?? parameters.dimension
        let inbox = self.inbox
        let id = ObjectIdentifier(context)
        runner = try LayoutRunner(graph: context.graph, algorithm: options.algorithm, parameters: parameters,
                                  initial: options.initialPositions, onSnapshot: { inbox.post(.layout($0, graph: id)) })
        frameLog = ProcessInfo.processInfo.environment["TANGLE_FRAME_LOG"].flatMap { fopen($0, "w") }
        // The layout starts now, while the terminal is asked what it can do:
        // a big graph's first placement is ready sooner (its snapshots wait in the inbox).
        runner.start(paused: options.paused, niceness: Self.layoutNiceness)
    }

    /// Takes the terminal, runs until `q` or a signal, gives it back; returns
    /// the exit status (0, or 128+signal when a signal ended it).
    public func run() throws -> Int32 {
        let options = context.options
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw ScreenError("the explorer needs a terminal on stdin and stdout; for scripts use `tangle stats`, `tangle layout` or `tangle render`")
        }
        terminal = try TerminalDevice()
        let environment = ProcessInfo.processInfo.environment
        var capabilities = TerminalCapabilities.detect(input: 0, output: 1, timeoutMs: 400, environment: environment)
        var tmuxNotice: String?
        if capabilities.multiplexer == .tmux, !capabilities.sixel, let tmux = TmuxInfo.query(environment: environment) {
            self.tmux = tmux
            if tmux.passthrough && (tmux.outerDrawsSixel || options.graphicsMode == .sixel) {
                // Sixel to the terminal outside, through tmux's passthrough.
                capabilities.sixel = true
                capabilities.sixelColorRegisters = 256
                capabilities.passthroughOrigin = CellOrigin(row: tmux.paneRow, column: tmux.paneColumn)
                if let cell = tmux.cellSize { capabilities.cellSize = cell }
                tmuxNotice = "tmux \(tmux.version): sixel through passthrough to \(tmux.outerType.isEmpty ? tmux.outerTerm : tmux.outerType)"
            } else if tmux.passthrough {
                tmuxNotice = "tmux: passthrough is on; if the terminal outside draws sixel, start with --graphics sixel"
            } else {
                tmuxNotice = tmux.hint
            }
        }
        let signalFD = termguard_install(1, terminal.leaveSequence)
        var segment: Result<String, ExplorerState.ShareUnavailable> = .failure(.init(reason: "disabled"))
        if options.shareFrames {
            do {
                let b = try FrameBus.create(FrameBusConfiguration(maxWidth: 2560, maxHeight: 1600, slotCount: 3, eventCapacity: 1024))
                bus = b
                if let name = b.name { segment = .success(name.description) }
            } catch { segment = .failure(.init(reason: "\(error)")) }
        }
        state = try ExplorerState(context: context, snapshot: runner.snapshot, capabilities: capabilities, segment: segment)
        let text = TextLocale.choose(environment: ProcessInfo.processInfo.environment)
        state.encoder.asciiOnly = text.asciiOnly
        if text.asciiOnly && state.mode == .braille { state.mode = .blocks }
        if let notice = text.notice ?? tmuxNotice { state.say(notice, now: monotonicSeconds(), seconds: 10) }
        let inbox = self.inbox
        worker = PictureWorker(bus: bus, niceness: 10, deliver: { inbox.post(.picture($0)) })
        worker.start()
        movingWorker = PictureWorker(bus: bus, deliver: { inbox.post(.picture($0)) })
        movingWorker.start()
        output = TerminalOutput(fd: 1, report: { inbox.post(.written($0)) })
        output.start()
        terminal.begin()
        let id = ObjectIdentifier(context)
        StatsBox.start(graph: context.selection, deliver: { inbox.post(.statistics($0, graph: id)) })
        if let bus { browserThread = BrowserEvents(bus: bus, inbox: inbox) }

        // Sharing first (--serve), so even the first picture is drawn at the size a browser needs.
        if options.serve { apply(state.startSharing(now: monotonicSeconds())) }
        dispatch(.resize(terminal.geometry()))

        while state.exitStatus == nil {
            let now = monotonicSeconds()
            let deadline = [state.nextDeadline(now: now), parser.pendingDeadline].compactMap { $0 }.min()
            let timeout = deadline.map { Int32(min(max(0, ($0 - now) * 1000).rounded(.up), 60_000)) } ?? -1
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: inbox.fd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            var handled = false
            var resumed = false
            if fds[1].revents != 0 {
                let sig = termguard_take_signal()
                if sig != 0 { dispatch(.signal(sig)); break }
                if termguard_suspend_pending() != 0 { suspend() }
                if termguard_take_continued() != 0 {
                    terminal.setNonBlocking(true)
                    dispatch(.redraw)
                    resumed = true
                }
                if termguard_take_resized() != 0 {
                    // A tmux pane can move when the window's panes change: place pictures where it is now.
                    if state.capabilities.passthroughOrigin != nil, let t = TmuxInfo.query(environment: ProcessInfo.processInfo.environment) {
                        state.capabilities.passthroughOrigin = CellOrigin(row: t.paneRow, column: t.paneColumn)
                    }
                    dispatch(.resize(terminal.geometry()))
                }
                handled = true
            }
            // After a stop this poll's word on the terminal is stale (the shell had it meanwhile).
            if !resumed, fds[0].revents & Int16(POLLIN) != 0 || fds[0].revents & Int16(POLLHUP | POLLERR) != 0 {
                guard let bytes = terminal.read() else { dispatch(.signal(SIGHUP)); break }
                for input in parser.feed(bytes, now: monotonicSeconds()) { dispatch(.input(input)) }
                handled = true
            }
            for input in parser.flush(now: monotonicSeconds()) { dispatch(.input(input)); handled = true }
            if fds[2].revents != 0 {
                for event in inbox.drain() where state.exitStatus == nil { dispatch(event) }
                handled = true
            }
            if !handled || ready == 0 { dispatch(.tick) }
        }
        let status = state.exitStatus ?? 0
        // `q` with --session: the session is saved (a signal leaves the file as it was).
        if status == 0, let path = context.options.sessionPath {
            do { try state.session().write(to: path) } catch { saveError = "tangle: session not saved: \(error)" }
        }
        shutdown()
        if let saveError { FileHandle.standardError.write((saveError + "\n").data(using: .utf8)!) }
        return status
    }

    /// One event through `update`, and its effects carried out.
    private func dispatch(_ event: AppEvent) {
        apply(state.update(event, now: monotonicSeconds()))
    }

    private func apply(_ effects: [Effect]) {
        for effect in effects { carryOut(effect) }
    }

    // MARK: runners

    private func carryOut(_ effect: Effect) {
        switch effect {
        case .render(let request):
            (request.detail == .full ? worker : movingWorker).submit(request)
        case .cancelRender(let id):
            worker.cancel(id)
            movingWorker.cancel(id)
        case .write(let job):
            output.send(job)
            if let screenLog, let shown = state.shown {
                let text = shown.lines.joined(separator: "\n") + "\n"
                try? text.write(toFile: screenLog + ".tmp", atomically: false, encoding: .utf8)
                rename(screenLog + ".tmp", screenLog)
            }
        case .layout(let command):
            switch command {
            case .pause: runner.pause()
            case .resume: runner.resume()
            case .step: runner.step()
            case .algorithm(let a): runner.setAlgorithm(a)
            case .parameters(let p): try? runner.setParameters(p)
            case .yield(let busy): runner.yieldToForeground(busy)
            }
        case .startServer:
            startServer()
        case .stopServer:
            server?.stop()
            server = nil
        case .publishStatus(let status):
            if let name = bus?.name {
                do {
                    try StreamStatusFile.write(status, to: StreamStatusFile.path(forSegment: name.description))
                    statusError = nil
                } catch {
                    // Another user's file, a link or a FIFO where ours goes: say so (once), never write through it.
                    let text = "sharing status not written: \(error)"
                    if statusError != text { statusError = text; inbox.post(.notice(text)) }
                }
            }
        case .writeSnapshot(let positions, let stem, let directory):
            do {
                let files = try NewFile.create(in: directory, stem: stem, extensions: ["csv", "png"], mode: 0o600)
                try PositionsFile.write(positions, graph: context.graph, to: files[0])
                inbox.post(.snapshotPNG(files[1]))
                inbox.post(.notice("wrote \(files[0].path); writing \(files[1].path)"))
            } catch {
                inbox.post(.notice("could not write the snapshot: \(error)"))
            }
        case .evaluateFilter(let filter):
            let metrics = state.context.metrics
            let t = Thread { [inbox] in
                do { inbox.post(.filterEvaluated(filter, try filter.evaluate(in: metrics))) }
                catch { inbox.post(.notice("filter: \(error)")) }
            }
            t.name = "tangle-filter"
            t.start()
        case .showFilter(let text, let mask, let fade):
            show(filter: text, mask: mask, fade: fade)
        case .saveSession(let session, let path):
            // Encoding a big graph's positions takes a while: off the loop.
            let t = Thread { [inbox] in
                do {
                    try session.write(to: path)
                    inbox.post(.notice("saved the session to \(path)"))
                } catch {
                    inbox.post(.notice("save: \(error)"))
                }
            }
            t.name = "tangle-session"
            t.start()
        case .openSession(let path):
            open(session: path)
        case .logFrame(let line):
            if let frameLog { fputs(line + "\n", frameLog); fflush(frameLog) }
        case .exit:
            break
        }
    }

    /// Shows the subgraph `mask` selects: a new context and a new layout
    /// thread on it, starting from where its nodes were; the old layout
    /// thread is told to stop and not waited for.
    /// `:open FILE`: a session of this graph is shown — its filter, its
    /// positions, then (`.sessionOpened`) its mappings, camera and selection;
    /// one of another graph is refused and changes nothing.
    private func open(session path: String) {
        let whole = state.context.whole
        let session: Session
        do { session = try Session.read(path) } catch {
            inbox.post(.notice("open: \(error)"))
            return
        }
        if let why = session.mismatch(with: whole, path: path) {
            inbox.post(.notice("open: " + why))
            return
        }
        let text = ExplorerState.effectiveFilter(session.filter, hidden: session.hidden)
        var mask = NodeMask(count: whole.nodeCount, all: true)
        if let text {
            do { mask = try Filter(parsing: text).evaluate(in: state.context.metrics) } catch {
                inbox.post(.notice("open: the session's filter: \(error)"))
                return
            }
        }
        // The session's positions become where its nodes were last seen.
        let dim = session.dimension
        var last = [Float](repeating: .nan, count: whole.nodeCount * dim)
        for (i, id) in session.ids.enumerated() {
            guard let n = whole.node(withID: id) else { continue }
            for k in 0..<dim { last[n * dim + k] = session.coordinates[i * dim + k] }
        }
        lastPositions = last
        show(filter: text, mask: mask, fade: session.fade, keepPositions: true, dimension: dim)
        inbox.post(.sessionOpened(session, path: path))
    }

    private func show(filter text: String?, mask: NodeMask, fade: Bool, keepPositions: Bool = false, dimension: Int? = nil) {
        let old = state.context
        let whole = old.whole
        let dim = dimension ?? state.snapshot.dimension
        // Remember where the nodes shown now are.
        var last = lastPositions ?? [Float](repeating: .nan, count: whole.nodeCount * dim)
        if last.count != whole.nodeCount * dim { last = [Float](repeating: .nan, count: whole.nodeCount * dim) }
        let p = state.snapshot.positions
        if !keepPositions && state.snapshot.dimension == dim {
            if old.wholeIndex == nil && p.count == last.count {
                last = p   // the whole graph was shown: its positions are all of them
            } else {
                for i in 0..<old.graph.nodeCount where (i + 1) * dim <= p.count {
                    let n = old.wholeIndex(ofShown: i)
                    for k in 0..<dim { last[n * dim + k] = p[i * dim + k] }
                }
            }
        }
        lastPositions = last
        var options = old.options
        options.filter = text
        options.fade = fade
        options.session = nil
        let ctx = ExplorerContext(options: options, whole: whole, mask: text == nil ? nil : mask, metrics: old.metrics,
                                  themes: old.themes)
        // Nodes never seen yet start beside a shown neighbour, else at the centre.
        var coords = [Double](repeating: 0, count: ctx.graph.nodeCount * dim)
        for i in 0..<ctx.graph.nodeCount {
            let n = ctx.wholeIndex(ofShown: i)
            var from = n
            if last[n * dim].isNaN, let nb = whole.undirectedNeighbours(n).first(where: { !last[$0 * dim].isNaN }) { from = nb }
            for k in 0..<dim {
                let v = last[from * dim + k]
                coords[i * dim + k] = v.isNaN ? 0 : Double(v) + (from == n ? 0 : Double.random(in: -1...1))
            }
        }
        var parameters = state.parameters
        parameters.dimension = dim
        let inbox = self.inbox
        let id = ObjectIdentifier(ctx)
        do {
            let next = try LayoutRunner(graph: ctx.graph, algorithm: state.snapshot.algorithm, parameters: parameters,
                                        initial: LayoutPositions(dimension: dim, coordinates: coords),
                                        onSnapshot: { inbox.post(.layout($0, graph: id)) })
            let previous = runner
            runner = next
            DispatchQueue.global().async { previous.stop() }
            next.start(paused: state.userPaused, niceness: Self.layoutNiceness)
            StatsBox.start(graph: ctx.selection, deliver: { inbox.post(.statistics($0, graph: id)) })
            inbox.post(.rebased(ctx, next.snapshot))
        } catch {
            inbox.post(.viewNotBuilt("filter: cannot lay out the subgraph: \(error)"))
        }
    }

    private func startServer() {
        guard let name = bus?.name else { return }
        guard let exe = ServerProcess.executable() else {
            inbox.post(.server(.ended("cannot share: tangle-serve is not built (make serve)")))
            return
        }
        let inbox = self.inbox
        do {
            server = try ServerProcess(executable: exe, segment: name.description, port: context.options.servePort,
                                       bind: context.options.serveBind, onEvent: { inbox.post(.server($0)) })
        } catch {
            inbox.post(.server(.ended("cannot start tangle-serve: \(error)")))
        }
    }

    /// The terminal still owes answers to the last probes: read them before
    /// the terminal goes back to the shell, or they would arrive there as
    /// typed text (`^[[?63;…c`). Waits a few round trips at most, then
    /// discards whatever input is left.
    private func collectLastAnswers() {
        var owed = state.link.outstanding.count
        guard state.link.enabled, owed > 0 else { return }
        let deadline = monotonicSeconds() + min(2, max(0.3, 1.5 * state.link.recentDelay))
        while owed > 0 {
            let left = deadline - monotonicSeconds()
            if left <= 0 { break }
            var pfd = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(left * 1000) + 1) > 0, let bytes = terminal.read() else { break }
            for input in parser.feed(bytes, now: monotonicSeconds()) {
                if case .reply(.deviceAttributes) = input { owed -= 1 }
            }
        }
        tcflush(0, TCIFLUSH)
    }

    /// Ctrl-Z: the write in flight finishes and the terminal's last answers
    /// are read before the shell gets the terminal back; then the process
    /// stops. On `fg` termguard puts the screen back and the loop redraws.
    private func suspend() {
        let idle = output.waitIdle()
        let owed = state.link.outstanding.count
        collectLastAnswers()
        carryOut(.logFrame(String(format: "%.4f suspend writer %@ answers owed %d", monotonicSeconds(), idle ? "idle" : "busy", owed)))
        terminal.setNonBlocking(false)
        termguard_suspend_now()
        carryOut(.logFrame(String(format: "%.4f continued", monotonicSeconds())))
    }

    private func shutdown() {
        server?.stop()
        runner.stop(timeout: .milliseconds(300))
        browserThread?.stop()
        if let frameLog { fclose(frameLog) }
        output.stop()
        worker.stop()
        movingWorker.stop()
        collectLastAnswers()
        terminal.end()
        termguard_uninstall()
        if let name = bus?.name {
            try? FileManager.default.removeItem(atPath: StreamStatusFile.path(forSegment: name.description))
        }
        bus?.close()
    }
}

/// Waits on the FrameBus event queue (a futex, no polling) and posts what
/// browser viewers send to the explorer's inbox.
final class BrowserEvents: @unchecked Sendable {
    private let stopping = NSLock()
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    init(bus: FrameBus, inbox: EventInbox) {
        let t = Thread { [self] in
            var reported = false
            while !self.isStopped {
                // A segment someone truncated is mapped over with zero pages
                // (FrameBus catches the SIGBUS): say so once, and stop reading it.
                if let why = bus.truncation {
                    if !reported { inbox.post(.notice(why)); reported = true }
                    Thread.sleep(forTimeInterval: 0.25)
                    continue
                }
                if bus.events.wait(timeout: .milliseconds(250)) {
                    for e in bus.events.drain(limit: 256) { inbox.post(.browser(e)) }
                }
            }
            self.done.signal()
        }
        t.name = "tangle-browser-events"
        t.start()
    }

    private var isStopped: Bool { stopping.lock(); defer { stopping.unlock() }; return stopped }

    func stop() {
        stopping.lock(); stopped = true; stopping.unlock()
        _ = done.wait(timeout: .now() + 1)
    }
}
