import CNCurses
import CTermGuard
import Foundation
import FrameBus
import GraphCore
import Layout
import Render
import StreamInterface
import TerminalGraphics

/// The explorer: one owner of the app state on the main thread. The layout
/// thread, the statistics thread, the render thread and the terminal writer
/// only hand results back; input is never made to wait for any of them.
public final class Explorer {
    let options: ExplorerOptions
    let graph: Graph
    let labels: [String]
    let lowercasedLabels: [String]
    let degrees: [Int]
    let byDegree: [Int]

    // Layers.
    let runner: LayoutRunner
    let screen = NCursesScreen()
    var worker: PictureWorker!
    var writer: ImageWriter!
    var bus: FrameBus?
    var busError: String?
    let statsBox = StatsBox()
    var server: ServerProcess?

    // Terminal.
    var capabilities = TerminalCapabilities()
    var mode: GraphicsMode = .none
    var placement: ImagePlacement?
    var governor = BandwidthGovernor(targetFPS: 20)
    var layout = ScreenLayout.compute(columns: 80, rows: 24)
    var signalFD: Int32 = -1
    var wakeRead: Int32 = -1
    var wakeWrite: Int32 = -1

    // State.
    var scene: Scene
    var camera: Camera
    var themes: [Theme]
    var themeIndex = 0
    var colorBy: ColorBy = .community
    /// Until the person presses `c`, colouring follows community detection.
    var autoColoring = true
    var colorChoices: [ColorBy] = [.community, .degree]
    var communityLabels: [Int32]?
    var search = Search()
    var selected: Int?
    var topCursor = -1
    var helpVisible = false
    var message: (text: String, until: Double)?
    var lastGeneration = -1
    var lastSnapshot: LayoutSnapshot
    var needsRender = true
    var invalidatePicture = true
    var fitPending = true
    /// The camera follows the layout (re-fits as it grows) until the person moves it.
    var autoFit = true
    /// The person paused the layout (space); shown as "paused" even when it has also converged.
    var userPaused = false
    /// Input arrived since the last frame: answer it now, not at the next paced slot.
    var inputPending = false
    /// The share lines (URL, tunnel) are on screen.
    var shareShown = false
    var pendingPick: (x: Float, y: Float)?
    var pendingPNG: String?
    var requestID = 0
    var lastFrameAt = 0.0
    var frameTimes: [Double] = []
    /// Picture bytes written to the terminal recently (time, bytes), for the bytes/s shown.
    var sentLog: [(Double, Int)] = []
    var lastRenderMs = 0.0
    var lastEncodeMs = 0.0
    /// Lowers the resolution of changing frames that would miss the frame budget.
    var frameGovernor = FrameTimeGovernor(targetFPS: 20)
    /// The divisor of the last picture shown (for the status line).
    var shownDivisor = 1
    /// A finished picture waiting for the terminal writer (newest wins).
    var heldFrame: (bytes: [UInt8], placement: ImagePlacement)?
    /// `TANGLE_FRAME_LOG=FILE`: one line per frame shown (time, render ms,
    /// encode ms, bytes, divisor, detail), for benchmarks and diagnosis.
    let frameLog: UnsafeMutablePointer<FILE>? = ProcessInfo.processInfo.environment["TANGLE_FRAME_LOG"].flatMap { fopen($0, "w") }
    var lastTick = 0.0
    var drag: (column: Int, row: Int, button: Int)?
    var webDrag: (x: Double, y: Double, button: Int)?
    var quitRequested = false
    var interactingUntil = 0.0
    var textDirty = true
    var lastScreen: ScreenBuffer?
    var lastStatusWrite = 0.0

    public init(options: ExplorerOptions) throws {
        self.options = options
        governor.targetFPS = max(1, options.targetFPS)
        frameGovernor = FrameTimeGovernor(targetFPS: options.targetFPS)
        let g = options.graph
        graph = g
        let names = (0..<g.nodeCount).map { g.label(of: $0) }
        labels = names
        lowercasedLabels = names.map { $0.lowercased() }
        let d = (0..<g.nodeCount).map { g.degree($0) }
        degrees = d
        byDegree = (0..<g.nodeCount).sorted { d[$0] != d[$1] ? d[$0] > d[$1] : $0 < $1 }

        var parameters = options.parameters
        parameters.dimension = options.initialPositions?.dimension ?? parameters.dimension
        runner = try LayoutRunner(graph: graph, algorithm: options.algorithm, parameters: parameters,
                                  initial: options.initialPositions)
        lastSnapshot = runner.snapshot
        scene = try Scene(graph: graph, positions: lastSnapshot.positions, dimension: lastSnapshot.dimension)
        camera = Camera(dimension: lastSnapshot.dimension, width: 640, height: 480)
        themes = ThemeLibrary.builtinNames.compactMap { ThemeLibrary.builtin($0) }
        for name in ThemeLibrary.userThemeNames() {
            let (t, warning) = ThemeLibrary.named(name)
            if warning == nil, !themes.contains(where: { $0.name == t.name }) { themes.append(t) }
        }
        if let i = themes.firstIndex(where: { $0.name == options.themeName }) { themeIndex = i }
        for key in graph.nodeAttributes.keys where key != "label" && key != "name" && key != "id" {
            colorChoices.append(.attribute(key))
        }
        applyColoring()
    }

    // MARK: running

    /// Takes the terminal, runs until `q` or a signal, gives it back; returns
    /// the exit status (0, or 128+signal when a signal ended it).
    public func run() throws -> Int32 {
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw ScreenError("the explorer needs a terminal on stdin and stdout; for scripts use `tangle stats`, `tangle layout` or `tangle render`")
        }
        if let term = ProcessInfo.processInfo.environment["TERM"], term == "dumb" || term.isEmpty {
            throw ScreenError("TERM=\(term) cannot show the explorer; run it in a real terminal (TERM=xterm-256color or similar)")
        }
        capabilities = TerminalCapabilities.detect(input: 0, output: 1, timeoutMs: 400,
                                                   environment: ProcessInfo.processInfo.environment)
        mode = options.graphicsMode.resolved(for: capabilities)
        var pipeFDs: [Int32] = [0, 0]
        _ = pipe(&pipeFDs)
        for fd in pipeFDs { _ = fcntl(fd, F_SETFL, O_NONBLOCK); _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        wakeRead = pipeFDs[0]
        wakeWrite = pipeFDs[1]
        let wakeFD = wakeWrite
        let wake: @Sendable () -> Void = { var b: UInt8 = 1; _ = write(wakeFD, &b, 1) }

        signalFD = termguard_install(1, Explorer.resetSequence)
        if options.shareFrames {
            do {
                bus = try FrameBus.create(FrameBusConfiguration(maxWidth: 2560, maxHeight: 1600, slotCount: 3, eventCapacity: 1024))
            } catch { busError = "\(error)" }
        }
        worker = PictureWorker(bus: bus, wake: wake)
        worker.start()
        writer = ImageWriter(fd: 1, wake: wake)
        writer.start()
        do {
            try screen.begin()
        } catch {
            termguard_restore()
            termguard_uninstall()
            writer.stop(); worker.stop(); bus?.close()
            throw error
        }
        statsBox.start(graph: graph, wake: wake)
        relayout()
        runner.start(paused: options.paused)
        userPaused = options.paused
        if options.serve { toggleServer() }

        var status: Int32 = 0
        while !quitRequested {
            let sig = pollOnce()
            if sig != 0 { status = 128 + sig; break }
        }
        shutdown()
        return status
    }

    /// One turn of the loop; returns a signal number when one ends the run.
    private func pollOnce() -> Int32 {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        // Wake for the next paced frame, not a whole frame interval later.
        let interval = 1000 / max(options.targetFPS, 1)
        // (The layout thread does not wake this loop: while it runs, a new
        // snapshot is all but certain by then.)
        let expectFrame = needsRender || lastSnapshot.isRunning || !camera.isSettled
        let untilNext = expectFrame ? (governor.lastRequest * 1000 + interval) - ImageWriter.now() * 1000 : interval
        let timeout = Int32(min(max(1, untilNext.rounded(.up)), max(5, interval)))
        _ = poll(&fds, nfds_t(fds.count), timeout)
        if fds[2].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 256)
            while read(wakeRead, &drain, drain.count) > 0 {}
        }
        let sig = termguard_take_signal()
        if sig != 0 { return sig }
        if termguard_take_continued() != 0 { screen.invalidate(); invalidatePicture = true; needsRender = true; textDirty = true }
        if termguard_take_resized() != 0 { relayout() }
        if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 { return SIGHUP }
        for event in screen.readInput() { handle(event); inputPending = true }
        drainWebEvents()
        tick()
        return 0
    }

    private func tick() {
        let now = ImageWriter.now()
        let dt = lastTick == 0 ? 0 : now - lastTick
        lastTick = now

        // New layout positions?
        let snap = runner.snapshot
        if snap.generation != lastGeneration {
            lastGeneration = snap.generation
            lastSnapshot = snap
            if (try? scene.setPositions(snap.positions, dimension: snap.dimension)) != nil {
                if camera.dimension != snap.dimension { camera.setDimension(snap.dimension); fitPending = true }
                if autoFit { fitPending = true }
                needsRender = true
            }
            textDirty = true
        }
        if fitPending, placement != nil {
            camera.fit(positions: scene.positions, dimension: scene.dimension, animated: lastFrameAt > 0)
            fitPending = false
            needsRender = true
        }
        if camera.advance(by: dt) { needsRender = true }
        if statsBox.takeNew() { statsArrived() }
        if let m = message, m.until < now { message = nil; textDirty = true }
        let wantShare = server?.listening != nil && server?.isRunning == true
        if wantShare != shareShown { shareShown = wantShare; relayout() }
        writeStreamStatus()

        // Results from the render thread.
        for result in worker.takeResults() { accept(result) }
        for sent in writer.takeFinished() {
            governor.recordSent(bytes: sent.bytes, writeSeconds: sent.seconds, startedAt: sent.startedAt, divisor: governor.divisor)
            sentLog.append((sent.startedAt + sent.seconds, sent.bytes))
            // A frame that landed after the overlay was drawn covers it: paint the overlay again.
            if helpVisible { lastScreen = nil; screen.invalidate() }
        }
        if let held = heldFrame, !writer.isBusy {
            heldFrame = nil
            if held.placement == placement && !helpVisible { present(held.bytes) }
        }

        // Text first (never while an image is being written).
        if !writer.isBusy { drawText() }

        // Then, when the render thread is free, the next picture. It may be
        // drawn while the writer still sends the previous one (the two
        // overlap; the finished picture waits in `heldFrame`), but not when
        // one already waits there.
        // While the help overlay is open the picture holds still under it.
        // A changing picture (layout running, camera moving, someone
        // interacting) is paced by the governor from the last request.
        let changing = now < interactingUntil || !camera.isSettled || lastSnapshot.isRunning
        if needsRender, !helpVisible, let placement, !worker.isWorking, heldFrame == nil,
           inputPending || governor.shouldSend(now: now, moving: changing)
            || invalidatePicture || pendingPick != nil || pendingPNG != nil {
            governor.noteRequest(at: now)
            requestID += 1
            var divisor = 1
            if mode.isPixelProtocol {
                divisor = governor.chooseDivisor(moving: changing)
                if changing { divisor = max(divisor, frameGovernor.divisor) }
            }
            var cam = camera
            let sharing = server?.isRunning == true
            let size = PictureWorker.renderSize(placement, divisor: divisor, sharing: sharing)
            cam.resize(width: max(size.width, 1), height: max(size.height, 1))
            var picture = scene
            if !mode.isPixelProtocol {
                // Cell pictures are too coarse for text: the legend is in the panel, labels in the selection.
                picture.legend = nil
                picture.topLabels = 0
            }
            if lastSnapshot.isRunning { runner.yieldToForeground(true) }
            worker.submit(PictureRequest(
                id: requestID, scene: picture, camera: cam, theme: themes[themeIndex],
                detail: changing ? .interactive : .full,
                placement: placement, divisor: divisor, sharing: sharing, invalidate: invalidatePicture,
                pick: pendingPick, pngPath: pendingPNG))
            needsRender = false
            inputPending = false
            invalidatePicture = false
            pendingPick = nil
            pendingPNG = nil
        }
    }

    private func accept(_ result: PictureResult) {
        runner.yieldToForeground(false)
        lastRenderMs = result.renderMs
        lastEncodeMs = result.encodeMs
        adjustRenderDivisor(result)
        if let failure = result.failure { say("picture: \(failure)", seconds: 6) }
        if let text = result.message { say(text) }
        if let picked = result.picked {
            select(picked)
        }
        if helpVisible {
            // Drawn before the overlay opened: sending it would cover the overlay.
            invalidatePicture = true
            needsRender = true
            return
        }
        if result.placement != placement {
            // Drawn for the screen before a resize: it would land over the panels.
            invalidatePicture = true
            needsRender = true
            return
        }
        if !result.bytes.isEmpty {
            shownDivisor = result.divisor
            if writer.isBusy {
                heldFrame = (result.bytes, result.placement)
            } else {
                present(result.bytes)
            }
        }
        let now = ImageWriter.now()
        if let frameLog {
            let line = String(format: "%.4f render %.2f encode %.2f", now, result.renderMs, result.encodeMs)
                + " bytes \(result.bytes.count) divisor \(result.divisor) \(result.detail)"
                + String(format: " link %.2f MB/s\n", governor.bytesPerSecond / 1e6)
            fputs(line, frameLog)
            fflush(frameLog)
        }
        frameTimes.append(now)
        frameTimes.removeAll { $0 < now - 2 }
        lastFrameAt = now
        textDirty = true
    }

    /// Text first (so it is never drawn over a picture in flight), then the picture.
    private func present(_ bytes: [UInt8]) {
        if textDirty { drawText() }
        writer.send(bytes)
    }

    private func adjustRenderDivisor(_ result: PictureResult) {
        guard mode.isPixelProtocol, result.interactive, result.failure == nil else { return }
        frameGovernor.record(divisor: result.divisor, ms: result.renderMs + result.encodeMs, now: ImageWriter.now())
    }

    // MARK: screen

    static let resetSequence = "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?2026l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n"

    func relayout() {
        screen.updateSize()
        layout = ScreenLayout.compute(columns: screen.columns, rows: screen.rows, footerRows: shareShown ? 2 : 0)
        var caps = capabilities
        var ws = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0 {
            caps.adoptWindowSize(columns: Int(ws.ws_col), rows: Int(ws.ws_row), xPixels: Int(ws.ws_xpixel), yPixels: Int(ws.ws_ypixel))
        }
        capabilities = caps
        let pane = CellRect(row: layout.picture.y, column: layout.picture.x, rows: layout.picture.height, columns: layout.picture.width)
        let next = ImagePlacement(pane: pane, screen: CellSize(columns: screen.columns, rows: screen.rows),
                                  capabilities: caps, mode: mode)
        if let old = placement, old != next {
            var erase: [UInt8] = []
            old.appendTransition(to: next, kittyImageID: 7_340_031, into: &erase)
            if !erase.isEmpty && !writer.isBusy { writer.send(erase) }
        }
        placement = next
        let size = PictureWorker.renderSize(next, divisor: 1)
        camera.resize(width: max(size.width, 1), height: max(size.height, 1))
        fitPending = true
        invalidatePicture = true
        needsRender = true
        textDirty = true
        screen.invalidate()
    }

    func drawText() {
        var buffer = ScreenBuffer(width: screen.columns, height: screen.rows)
        if mode == .none { drawNoPicture(&buffer) }
        if layout.panel.width > 0 {
            SidePanel.draw(panelSections(), into: &buffer, rect: layout.panel)
            for y in 0..<layout.panel.height { buffer[layout.panel.x - 1, y] = .init("│", .dim) }
        }
        drawFooter(&buffer)
        drawStatus(&buffer)
        if helpVisible { HelpOverlay.draw(into: &buffer, area: layout.picture) }
        if buffer != lastScreen {
            let overPicture = helpVisible || lastScreen.map { overlaps($0, buffer) } ?? false
            screen.draw(buffer)
            lastScreen = buffer
            if overPicture { invalidatePicture = true; needsRender = true }
        }
        textDirty = false
    }

    /// True when the picture pane's text changed (an overlay opened or
    /// closed): the image must be sent again over or after it.
    private func overlaps(_ a: ScreenBuffer, _ b: ScreenBuffer) -> Bool {
        guard a.width == b.width, a.height == b.height else { return true }
        for y in layout.picture.y..<layout.picture.maxY {
            for x in layout.picture.x..<layout.picture.maxX where a[x, y] != b[x, y] { return true }
        }
        return false
    }

    private func drawNoPicture(_ buffer: inout ScreenBuffer) {
        let r = layout.picture
        let lines = ["No picture in this terminal (graphics: none).",
                     "Statistics, search and selection still work;",
                     "`tangle serve` shows the picture in a browser."]
        for (i, l) in lines.enumerated() {
            buffer.text(ScreenBuffer.fit(l, r.width - 2), x: r.x + 1, y: r.y + r.height / 2 - 1 + i, style: .dim, clip: r)
        }
    }

    private func drawStatus(_ buffer: inout ScreenBuffer) {
        let r = layout.status
        guard r.height > 0 else { return }
        if search.editing {
            let text = "/" + search.query
            let x = buffer.text(text, x: 0, y: r.y, style: .key)
            buffer.text("▏", x: x, y: r.y, style: .accent)
            let info = search.matches.isEmpty ? (search.query.isEmpty ? "type a label" : "no match")
                : "\(search.current + 1)/\(search.matches.count): \(labels[search.matches[search.current]])"
            buffer.text("  " + ScreenBuffer.fit(info, max(0, r.width - x - 4)), x: x + 1, y: r.y, style: .dim)
            return
        }
        let fps = frameTimes.count > 1 ? Double(frameTimes.count - 1) / max(frameTimes.last! - frameTimes.first!, 0.001) : 0
        var parts = [String(format: "%.0f fps", fps),
                     Explorer.bytesText(recentBytesPerSecond) + "/s",
                     "\(mode.rawValue)" + (shownDivisor > 1 ? " ÷\(shownDivisor)" : "")]
        parts.append(serverStatusText)
        parts.append("? help  q quit")
        var line = parts.joined(separator: " · ")
        if let m = message { line = m.text + "  │  " + line }
        buffer.text(ScreenBuffer.fit(line, r.width - 1), x: 0, y: r.y, style: message == nil ? .dim : .accent)
    }

    /// Bytes per second actually written to the terminal over the last two seconds.
    var recentBytesPerSecond: Double {
        let now = ImageWriter.now()
        sentLog.removeAll { $0.0 < now - 2 }
        return Double(sentLog.reduce(0) { $0 + $1.1 }) / 2
    }

    static func bytesText(_ b: Double) -> String {
        if b >= 1_000_000 { return String(format: "%.1f MB", b / 1_000_000) }
        if b >= 1_000 { return String(format: "%.0f KB", b / 1_000) }
        return String(format: "%.0f B", b)
    }

    func say(_ text: String, seconds: Double = 4) {
        message = (text, ImageWriter.now() + seconds)
        textDirty = true
    }

    // MARK: shutdown

    private func shutdown() {
        server?.stop()
        runner.stop()
        if let frameLog { fclose(frameLog) }
        writer.stop()
        worker.stop()
        if mode == .kitty {
            var erase: [UInt8] = []
            placement?.appendErase(kittyImageID: 7_340_031, into: &erase)
            _ = erase.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        }
        screen.end()
        termguard_restore()
        termguard_uninstall()
        if let name = bus?.name {
            try? FileManager.default.removeItem(atPath: StreamStatusFile.path(forSegment: name.description))
        }
        bus?.close()
    }
}
