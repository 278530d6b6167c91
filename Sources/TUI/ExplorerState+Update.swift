import Foundation
import FrameBus
import GraphCore
import Layout
import Render
import StreamInterface
import TerminalGraphics

extension ExplorerState {
    /// Applies one event at `now` (seconds, monotonic) and returns what the
    /// runners must do. Pure: the same state, event and time give the same
    /// result, so tests drive it with event sequences and no terminal.
    public mutating func update(_ event: AppEvent, now: Double) -> [Effect] {
        var effects: [Effect] = []
        let seqBefore = inputSeq
        switch event {
        case .input(let input):
            switch input {
            case .key(let key):
                inputSeq += 1
                handle(key, origin: .terminal, now: now, effects: &effects)
            case .mouse(let m):
                inputSeq += 1
                mouse(m, now: now, effects: &effects)
            case .reply(.deviceAttributes):
                // The answer to the probe that ended a write: it has been shown.
                if let probe = link.answer(at: now), probe.picture {
                    effects.append(.logFrame(String(format: "%.4f answered write %d", now, link.answered)
                        + String(format: " delay %.2f rtt %.2f link %.2f MB/s", (now - probe.sentAt) * 1000,
                                 link.roundTrip * 1000, link.bytesPerSecond / 1e6)))
                }
            case .reply: break
            }
        case .resize(let g):
            resize(g)
        case .redraw:
            shown = nil
            invalidatePicture = true
            needsFullPicture = true
            // Stopped (Ctrl-Z): the shell may have read the answers meanwhile.
            link.forgetOutstanding()
        case .signal(let sig):
            exitStatus = 128 + sig
            effects.append(.exit(128 + sig))
        case .layout(let snap, let graph):
            if graph == ObjectIdentifier(context) { accept(snap) }
        case .statistics(let s, let graph):
            guard graph == ObjectIdentifier(context) else { break }
            statistics = s
            effects.append(.logFrame(String(format: "%.4f statistics %@", now, s.communities == nil ? "basic" : "with communities")))
            // Statistics of a faded view are of the selection; its communities do not colour the whole.
            if let c = s.communities, c.label.count == context.graph.nodeCount {
                communityLabels = c.label
                if autoColoring { colorBy = .community }
                if colorBy == .community { applyColoring() }
            }
        case .picture(let result):
            accept(result, now: now, effects: &effects)
        case .written(let report):
            written(report, now: now, effects: &effects)
        case .browser(let e):
            inputSeq += 1
            browser(e, now: now, effects: &effects)
        case .server(let s):
            switch s {
            case .listening(let a): server = .listening(a)
            case .ended(let why): server = .ended(why)
            }
            relayoutForFooter()
        case .notice(let text):
            say(text, now: now, seconds: 6)
        case .filterEvaluated(let filter, let mask):
            // Only the filter last asked for (an older one's result is stale).
            guard let pending = pendingFilter, pending.text == filter.text else { break }
            pendingFilter = nil
            if mask.selectedCount == 0 {
                say("filter: \(filterText ?? filter.text) selects no node; the view is unchanged", now: now, seconds: 8)
                if undoStack.last == pending.revert { _ = undoStack.popLast() }
                var ignored: [Effect] = []
                apply(pending.revert, now: now, effects: &ignored)
            } else {
                if !fade && !options.fade && showsExactly(mask) {
                    // The very nodes already shown (`kcore >= 5` of a graph that is
                    // all 5-core): the view, its layout and its picture stand.
                    shownFilter = filter.text
                    effects.append(viewLogLine(now: now, unchanged: true))
                } else {
                    buildView(filter.text, mask, fade: fade, now: now, effects: &effects)
                }
                say("filter: \(mask.selectedCount) of \(context.whole.nodeCount) nodes" + (fade ? " (the rest faded)" : ""),
                    now: now, seconds: 6)
            }
        case .sessionOpened(let session, let path):
            recordUndo(now: now)
            adopt(session, now: now, effects: &effects)
            say("opened the session \(path)", now: now, seconds: 8)
        case .rebased(let ctx, let snap):
            if let old = renderInFlight { effects.append(.cancelRender(old.id)) }
            rebase(onto: ctx, snapshot: snap, now: now)
            effects.append(viewLogLine(now: now, unchanged: false))
        case .viewNotBuilt(let why):
            viewsBuilding = max(0, viewsBuilding - 1)
            say(why, now: now, seconds: 6)
        case .snapshotPNG(let file):
            pendingPNG = file
        case .tick:
            break
        }
        // Each input's number as it is taken (a picture's `input` field says the last it includes).
        if inputSeq != seqBefore { effects.append(.logFrame(String(format: "%.4f input %d", now, inputSeq))) }
        advance(now: now, effects: &effects)
        schedule(now: now, effects: &effects)
        return effects
    }

    /// `--serve`: share from the start, as pressing `s` would.
    public mutating func startSharing(now: Double) -> [Effect] {
        var effects: [Effect] = []
        if case .off = server { perform(.toggleServer, now: now, effects: &effects) }
        schedule(now: now, effects: &effects)
        return effects
    }

    // MARK: time

    /// Camera animation, expired messages, the status for the side server.
    mutating func advance(now: Double, effects: inout [Effect]) {
        let dt = lastTick == 0 ? 0 : max(0, now - lastTick)
        lastTick = now
        if fitPending, placement != nil {
            camera.fit(positions: scene.positions, dimension: scene.dimension, animated: !frameTimes.isEmpty)
            fitPending = false
        }
        camera.advance(by: dt)
        if let m = message, m.until <= now { message = nil }
        link.expire(now: now)
        if link.enabled { governor.adopt(bytesPerSecond: link.usableBytesPerSecond) }
        frameTimes.removeAll { $0 < now - 2 }
        sentLog.removeAll { $0.0 < now - 2 }
        if sharing, now - lastStatusAt >= 0.25 {
            lastStatusAt = now
            effects.append(.publishStatus(streamStatus(now: now)))
        }
    }

    /// Asks for the view `mask` selects; pictures of this one wait for it.
    mutating func buildView(_ filter: String?, _ mask: NodeMask, fade: Bool, now: Double, effects: inout [Effect]) {
        viewsBuilding += 1
        viewBuildingSince = now
        effects.append(.showFilter(filter, mask, fade: fade))
    }

    /// The frame log's line for a view shown, or kept as it was: pictures
    /// asked for from then on show it (benchmarks time a filter by it).
    func viewLogLine(now: Double, unchanged: Bool) -> Effect {
        .logFrame(String(format: "%.4f view ", now) + (unchanged ? "unchanged " : "")
                  + "nodes \(context.graph.nodeCount) edges \(context.graph.edgeCount)")
    }

    /// When `update(.tick)` should next run if nothing else happens: a paced
    /// frame, the camera's next step, a message to expire, the end of an
    /// interaction, the fps figure to refresh. Nil: sleep until an event.
    public func nextDeadline(now: Double) -> Double? {
        var deadlines: [Double] = []
        let interval = 1 / max(options.targetFPS, 1)
        let changing = isChanging(now: now)
        if renderInFlight == nil, placement != nil, !(mode.isPixelProtocol && pendingImage != nil), wantsPicture(now: now) {
            let paced = changing ? governor.lastRequest + interval : now
            // Held back for the link: wake when it will take the picture (or at an answer).
            let link = self.link.nextRequestTime(now: now, renderSeconds: expectedPictureSeconds) ?? now
            deadlines.append(max(paced, link, picturesHeldUntil))
        }
        if !camera.isSettled || fitPending { deadlines.append(now + interval) }
        if let m = message { deadlines.append(m.until) }
        if interactingUntil > now { deadlines.append(interactingUntil) }
        if let oldest = frameTimes.filter({ $0 > now - 1 }).min() { deadlines.append(oldest + 1) }
        if let oldest = sentLog.map(\.0).filter({ $0 > now - 2 }).min() { deadlines.append(oldest + 2) }
        if sharing { deadlines.append(lastStatusAt + 0.25) }
        if pendingImage != nil, let t = link.nextWriteTime(now: now) { deadlines.append(t) }
        if let t = link.expiryTime() { deadlines.append(t) }
        return deadlines.min().map { max($0, now) }
    }

    // MARK: terminal size

    mutating func resize(_ g: TerminalGeometry) {
        geometry = g
        capabilities.adoptWindowSize(columns: g.columns, rows: g.rows, xPixels: g.xPixels, yPixels: g.yPixels)
        relayout()
    }

    mutating func relayoutForFooter() {
        let footer = footerRows
        if layout.footer.height != footer { relayout() }
    }

    var footerRows: Int {
        if case .listening(let a) = server, a.url != nil { return 2 }
        return 0
    }

    mutating func relayout() {
        layout = ScreenLayout.compute(columns: geometry.columns, rows: geometry.rows, footerRows: footerRows)
        let pane = CellRect(row: layout.picture.y, column: layout.picture.x, rows: layout.picture.height,
                            columns: layout.picture.width)
        let next = ImagePlacement(pane: pane, screen: CellSize(columns: geometry.columns, rows: geometry.rows),
                                  capabilities: capabilities, mode: mode)
        if next != placement {
            // Nothing of the old picture may stay: it is drawn for the old pane.
            pendingImage = nil
            lastImage = nil
            needsFullPicture = true
            cellPicture = nil
            anchors = []
        }
        placement = next
        let size = PictureWorker.renderSize(next, divisor: 1)
        camera.resize(width: max(size.width, 1), height: max(size.height, 1))
        if autoFit { fitPending = true }
        shown = nil
        invalidatePicture = true
    }

    // MARK: layout snapshots

    mutating func accept(_ snap: LayoutSnapshot) {
        guard snap.generation != snapshot.generation || snap.positions.count != snapshot.positions.count else { return }
        guard snap.nodeCount == context.graph.nodeCount else { return }
        snapshot = snap
        if (try? scene.setPositions(snap.positions, dimension: snap.dimension)) != nil {
            if camera.dimension != snap.dimension { camera.setDimension(snap.dimension); fitPending = true }
            if autoFit { fitPending = true }
        }
    }

    // MARK: keys

    /// A key from either side: the same handler for the terminal and the
    /// browser, so search, help and every binding behave the same.
    mutating func handle(_ key: Key, origin: InputOrigin, now: Double, effects: inout [Effect]) {
        if search.editing {
            searchKey(key, now: now)
            return
        }
        if commandLine != nil {
            commandKey(key, origin: origin, now: now, effects: &effects)
            return
        }
        if helpVisible {
            if key == .escape || key == .char("?") || key == .char("q") {
                helpVisible = false
                invalidatePicture = true
            }
            return
        }
        guard let action = Keymap.action(for: key) else { return }
        if origin == .browser && Keymap.isReservedForTerminal(action) {
            say("a browser viewer cannot \(action == .quit ? "quit the explorer" : action == .toggleServer ? "stop sharing" : "write files")", now: now)
            return
        }
        perform(action, now: now, effects: &effects)
    }

    private mutating func searchKey(_ key: Key, now: Double) {
        switch key {
        case .escape:
            search.clear()
            scene.matches = []
        case .enter:
            search.editing = false
            if let n = search.currentNode { select(n, now: now) }
        case .backspace:
            var q = search.query
            if !q.isEmpty { q.removeLast() }
            updateSearch(q)
        case .tab, .down: search.next(1); followMatch()
        case .backTab, .up: search.next(-1); followMatch()
        case .char(let s):
            updateSearch(search.query + String(Character(s)))
        default:
            break
        }
    }

    private mutating func updateSearch(_ q: String) {
        let degrees = context.degrees
        search.update(query: q, labels: context.labels, lowercased: context.lowercasedLabels, degree: { degrees[$0] })
        search.editing = true
        scene.matches = Array(search.matches.prefix(200))
        followMatch()
    }

    /// Shows the current match as selected while typing.
    private mutating func followMatch() {
        if let n = search.currentNode {
            selected = n
            scene.selected = n
        }
    }

    mutating func select(_ node: Int?, now: Double) {
        selected = node
        scene.selected = node
        if let node {
            recentSelections.append(context.wholeIndex(ofShown: node))
            if recentSelections.count > 8 { recentSelections.removeFirst() }
        }
        if let node { say("selected \(labels[node]) (degree \(context.degrees[node]))", now: now) }
    }

    mutating func perform(_ action: Action, now: Double, effects: inout [Effect]) {
        switch action {
        case .togglePause:
            userPaused.toggle()
            effects.append(.layout(userPaused ? .pause : .resume))
            say(userPaused ? "layout paused" : "layout running", now: now)
        case .step:
            userPaused = true
            effects.append(.layout(.step))
        case .move(let dx, let dy):
            recordCameraMove(now: now)
            autoFit = false
            if camera.dimension == 3 {
                camera.orbit(yaw: Float(dx) * .pi, pitch: Float(dy) * .pi)
            } else {
                // Keys move the view: "right" shows more of the right, so the picture moves left.
                camera.pan(dx: -Float(dx) * Float(camera.width), dy: -Float(dy) * Float(camera.height))
            }
            interactingUntil = now + 0.3
        case .pan(let dx, let dy):
            recordCameraMove(now: now)
            autoFit = false
            camera.pan(dx: -Float(dx) * Float(camera.width), dy: -Float(dy) * Float(camera.height))
            interactingUntil = now + 0.3
        case .zoom(let f):
            recordCameraMove(now: now)
            autoFit = false
            camera.zoom(by: Float(f))
            interactingUntil = now + 0.3
        case .fit:
            recordCameraMove(now: now)
            autoFit = true
            camera.fit(positions: scene.positions, dimension: scene.dimension)
        case .resetCamera:
            recordCameraMove(now: now)
            autoFit = true
            fitPending = true
        case .dimension(let d):
            var p = parameters
            p.dimension = d
            setParameters(p, name: "\(d)D layout", now: now, effects: &effects)
            if !snapshot.isRunning { effects.append(.layout(.step)) }
        case .cycleAlgorithm:
            let all: [LayoutAlgorithm] = [.forceAtlas2, .fruchtermanReingold, .multilevel, .spectral, .circular, .random]
            let i = all.firstIndex(of: snapshot.algorithm) ?? 0
            let next = all[(i + 1) % all.count]
            effects.append(.layout(.algorithm(next)))
            effects.append(.layout(.resume))
            userPaused = false
            say("layout: \(Self.algorithmName(next))", now: now)
        case .repulsion(let f):
            adjust("repulsion (scaling)", now: now, effects: &effects) { $0.scaling = min(max($0.scaling * f, 0.01), 1000) }
        case .gravity(let f):
            adjust("gravity", now: now, effects: &effects) {
                $0.gravity = min(max($0.gravity * f, 0.001), 1000)
                $0.frGravity = min(max($0.frGravity * f, 0.0001), 10)
            }
        case .toggleLinLog:
            adjust("lin-log", now: now, effects: &effects) { $0.linLog.toggle() }
        case .cycleTheme:
            recordUndo(now: now)
            themeIndex = (themeIndex + 1) % context.themes.count
            say("theme: \(theme.name)", now: now)
        case .cycleColorBy:
            recordUndo(now: now)
            let i = colorChoices.firstIndex(of: colorBy) ?? 0
            colorBy = colorChoices[(i + 1) % colorChoices.count]
            autoColoring = false
            applyColoring()
            say("colour by \(colorBy.title)", now: now)
        case .toggleEdges:
            recordUndo(now: now)
            scene.showEdges.toggle()
            say(scene.showEdges ? "edges shown" : "edges hidden", now: now)
        case .toggleLabels:
            recordUndo(now: now)
            labelsOn.toggle()
            scene.topLabels = labelsOn ? 10 : 0
            say(labelsOn ? "labels on" : "labels off", now: now)
        case .startSearch:
            search.editing = true
        case .startCommand:
            commandLine = CommandLine()
        case .toggleFade:
            run(command: "fade", now: now, effects: &effects)
        case .growNeighbourhood:
            growNeighbourhood(now: now, effects: &effects)
        case .undo:
            undo(now: now, effects: &effects)
        case .redo:
            redo(now: now, effects: &effects)
        case .nextMatch:
            search.next(1); if let n = search.currentNode { select(n, now: now) }
        case .previousMatch:
            search.next(-1); if let n = search.currentNode { select(n, now: now) }
        case .cycleTopDegree(let step):
            let byDegree = context.byDegree
            guard !byDegree.isEmpty else { break }
            let count = min(byDegree.count, 20)
            topCursor = ((topCursor + step) % count + count) % count
            select(byDegree[topCursor], now: now)
        case .selectCurrent:
            if let n = search.currentNode ?? selected { select(n, now: now) }
        case .clearSelection:
            search.clear()
            scene.matches = []
            select(nil, now: now)
            message = nil
        case .pick(let x, let y):
            pendingPick = (Float(x), Float(y))
        case .writeSnapshot:
            let stamp = Int(Date().timeIntervalSince1970)
            effects.append(.writeSnapshot(snapshot.layoutPositions, stem: "\(options.snapshotPrefix)-\(stamp)",
                                          directory: options.snapshotDirectory))
        case .toggleServer:
            switch server {
            case .starting, .listening:
                effects.append(.stopServer)
                server = .off
                say("stream stopped", now: now)
                relayoutForFooter()
            case .off, .ended:
                switch segment {
                case .success:
                    server = .starting
                    effects.append(.startServer)
                    say("starting the side server…", now: now)
                case .failure(let why):
                    say("cannot share: no shared-memory segment (\(why.reason))", now: now, seconds: 8)
                }
            }
        case .toggleHelp:
            helpVisible.toggle()
            invalidatePicture = true
        case .quit:
            exitStatus = 0
            effects.append(.exit(0))
        }
    }

    private mutating func adjust(_ name: String, now: Double, effects: inout [Effect], _ change: (inout LayoutParameters) -> Void) {
        var p = parameters
        change(&p)
        setParameters(p, name: nil, now: now, effects: &effects)
        if !snapshot.isRunning { effects.append(.layout(.resume)) }
        userPaused = false
        say("\(name): scaling \(Self.short(p.scaling)), gravity \(Self.short(p.gravity)), lin-log \(p.linLog ? "on" : "off")", now: now)
    }

    private mutating func setParameters(_ p: LayoutParameters, name: String?, now: Double, effects: inout [Effect]) {
        do {
            try p.validate()
            parameters = p
            effects.append(.layout(.parameters(p)))
            if let name { say(name, now: now) }
        } catch {
            say("\(error)", now: now)
        }
    }

    // MARK: mouse

    mutating func mouse(_ m: MouseEvent, now: Double, effects: inout [Effect]) {
        guard !helpVisible, layout.picture.contains(m.column, m.row), let p = placement, p.pane.columns > 0, p.pane.rows > 0 else {
            if m.kind == .release { drag = nil }
            return
        }
        // Cell → 0…1 of the picture.
        let fx = (Double(m.column - layout.picture.x) + 0.5) / Double(p.pane.columns)
        let fy = (Double(m.row - layout.picture.y) + 0.5) / Double(p.pane.rows)
        switch m.kind {
        case .wheelUp, .wheelDown:
            zoom(at: fx, fy, by: m.kind == .wheelUp ? 1.2 : 1 / 1.2, now: now)
        case .press:
            drag = (m.column, m.row, m.button)
        case .drag:
            if let d = drag {
                let dx = Double(m.column - d.column) / Double(p.pane.columns)
                let dy = Double(m.row - d.row) / Double(p.pane.rows)
                dragBy(dx, dy, rotate: d.button == 1 && !m.shift, now: now)
                drag = (m.column, m.row, d.button)
            }
        case .release:
            if let d = drag, d.column == m.column, d.row == m.row { perform(.pick(x: fx, y: fy), now: now, effects: &effects) }
            else if drag == nil { perform(.pick(x: fx, y: fy), now: now, effects: &effects) }
            drag = nil
        case .move:
            break
        }
    }

    mutating func zoom(at fx: Double, _ fy: Double, by factor: Double, now: Double) {
        recordCameraMove(now: now)
        autoFit = false
        camera.zoom(by: Float(factor), atX: Float(fx) * Float(camera.width), y: Float(fy) * Float(camera.height))
        interactingUntil = now + 0.3
    }

    mutating func dragBy(_ dx: Double, _ dy: Double, rotate: Bool, now: Double) {
        recordCameraMove(now: now)
        autoFit = false
        if rotate && camera.dimension == 3 {
            camera.orbit(yaw: Float(dx) * .pi, pitch: Float(dy) * .pi)
        } else {
            // The picture follows the pointer.
            camera.pan(dx: Float(dx) * Float(camera.width), dy: Float(dy) * Float(camera.height))
        }
        interactingUntil = now + 0.3
    }

    // MARK: the browser

    mutating func browser(_ e: InteractionEvent, now: Double, effects: inout [Effect]) {
        let x = Double(e.x), y = Double(e.y)
        switch e.kind {
        case .pointerDown:
            // The viewer sends the second press of a double-click with click count 2 in keyCode: fit the view.
            if e.keyCode == 2 { perform(.fit, now: now, effects: &effects); webDrag = nil; break }
            webDrag = (x, y, Int(e.buttons.rawValue))
        case .pointerMove:
            if let d = webDrag {
                dragBy(x - d.x, y - d.y, rotate: d.button & 1 != 0 && !e.modifiers.contains(.shift), now: now)
                webDrag = (x, y, d.button)
            }
        case .pointerUp:
            if let d = webDrag, abs(d.x - x) < 0.004, abs(d.y - y) < 0.004, !helpVisible {
                perform(.pick(x: x, y: y), now: now, effects: &effects)
            }
            webDrag = nil
        case .wheel:
            if !helpVisible { zoom(at: x, y, by: e.wheelY < 0 ? 1.2 : 1 / 1.2, now: now) }
        case .keyDown:
            if let key = Self.key(web: e.keyCode, modifiers: e.modifiers) {
                handle(key, origin: .browser, now: now, effects: &effects)
            }
        default:
            break
        }
    }

    /// A web key code (StreamInterface.WebKey, else a Unicode scalar) as the key the keymap binds.
    static func key(web code: UInt32, modifiers: KeyModifiers) -> Key? {
        let shift = modifiers.contains(.shift)
        switch WebKey(rawValue: code) {
        case .arrowUp: return shift ? .shiftUp : .up
        case .arrowDown: return shift ? .shiftDown : .down
        case .arrowLeft: return shift ? .shiftLeft : .left
        case .arrowRight: return shift ? .shiftRight : .right
        case .enter: return .enter
        case .escape: return .escape
        case .backspace: return .backspace
        case .tab: return shift ? .backTab : .tab
        case .delete: return .delete
        case .home: return .home
        case .end: return .end
        case .pageUp: return .pageUp
        case .pageDown: return .pageDown
        case .insert: return .insert
        case .some(let k) where k.rawValue >= WebKey.f1.rawValue && k.rawValue <= WebKey.f12.rawValue:
            return .function(Int(k.rawValue - WebKey.f1.rawValue) + 1)
        default:
            guard let scalar = Unicode.Scalar(code), code >= 0x20, code != 0x7F else { return nil }
            if modifiers.contains(.control), let letter = Unicode.Scalar(code | 0x20), ("a"..."z").contains(letter) {
                return .control(letter)
            }
            return .char(scalar)
        }
    }

    // MARK: the side server

    func streamStatus(now: Double) -> StreamStatus {
        let pose = camera.goal
        return StreamStatus(
            pid: getpid(),
            graph: .init(name: options.source, nodes: context.graph.nodeCount, edges: context.graph.edgeCount,
                         directed: context.graph.isDirected),
            layout: .init(algorithm: snapshot.algorithm.rawValue, iteration: snapshot.iteration, running: snapshot.isRunning),
            camera: .init(centerX: Double(pose.center.x), centerY: Double(pose.center.y), zoom: Double(pose.zoom),
                          yaw: Double(pose.yaw), pitch: Double(pose.pitch)),
            fps: Double(framesPerSecond(now: now)), updatedAt: Date().timeIntervalSince1970)
    }

    static func algorithmName(_ a: LayoutAlgorithm) -> String {
        switch a {
        case .forceAtlas2: return "ForceAtlas2"
        case .fruchtermanReingold: return "Fruchterman–Reingold"
        case .multilevel: return "multilevel"
        case .spectral: return "spectral"
        case .circular: return "circular"
        case .random: return "random"
        }
    }

    static func short(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
        return String(format: abs(v) >= 100 ? "%.0f" : abs(v) >= 1 ? "%.2f" : "%.3g", v)
    }
}
