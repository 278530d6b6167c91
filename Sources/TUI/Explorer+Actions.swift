import Foundation
import FrameBus
import GraphCore
import Layout
import Render
import StreamInterface

extension Explorer {
    // MARK: input

    func handle(_ event: InputEvent) {
        switch event {
        case .resize:
            relayout()
        case .text(let ch):
            if search.editing { editSearch(append: ch) }
        case .key(let code):
            if search.editing { searchKey(code); return }
            if helpVisible && (code == 27 || code == Int32(UnicodeScalar("?").value) || code == Int32(UnicodeScalar("q").value)) {
                helpVisible = false
                textDirty = true
                invalidatePicture = true
                needsRender = true
                return
            }
            if let action = Keymap.action(for: code) { perform(action) }
        case .mouse(let m):
            mouse(m)
        }
    }

    private func searchKey(_ code: Int32) {
        switch code {
        case 27:
            search.clear()
            scene.matches = []
            needsRender = true
        case 10, 13, Keymap.keyEnter:
            search.editing = false
            if let n = search.currentNode { select(n) }
        case 127, 8, 0o407:  // backspace
            var q = search.query
            if !q.isEmpty { q.removeLast() }
            updateSearch(q)
        case 9, Keymap.keyDown: search.next(1); followMatch()
        case 0o541, Keymap.keyUp: search.next(-1); followMatch()
        default: break
        }
        textDirty = true
    }

    private func editSearch(append ch: Character) {
        updateSearch(search.query + String(ch))
    }

    private func updateSearch(_ q: String) {
        search.update(query: q, labels: labels, lowercased: lowercasedLabels, degree: { self.degrees[$0] })
        search.editing = true
        scene.matches = Array(search.matches.prefix(200))
        followMatch()
        textDirty = true
    }

    private func followMatch() {
        if let n = search.currentNode { selectedForDisplay(n) }
        needsRender = true
    }

    /// Shows a node as current without making it the selection.
    private func selectedForDisplay(_ n: Int) {
        scene.selected = n
        selected = n
        needsRender = true
        textDirty = true
    }

    func select(_ node: Int?) {
        selected = node
        scene.selected = node
        needsRender = true
        textDirty = true
        if let node { say("selected \(labels[node]) (degree \(degrees[node]))") }
    }

    func perform(_ action: Action) {
        textDirty = true
        let now = ImageWriter.now()
        switch action {
        case .togglePause:
            userPaused.toggle()
            if userPaused { runner.pause(); say("layout paused") } else { runner.resume(); say("layout running") }
        case .step:
            userPaused = true
            runner.step()
        case .move(let dx, let dy):
            autoFit = false
            if camera.dimension == 3 {
                camera.orbit(yaw: Float(dx) * .pi, pitch: Float(dy) * .pi)
            } else {
                // Keys move the view: "right" shows more of the right, so the picture moves left.
                camera.pan(dx: -Float(dx) * Float(camera.width), dy: -Float(dy) * Float(camera.height))
            }
            interactingUntil = now + 0.3
        case .pan(let dx, let dy):
            autoFit = false
            camera.pan(dx: -Float(dx) * Float(camera.width), dy: -Float(dy) * Float(camera.height))
            interactingUntil = now + 0.3
        case .zoom(let f):
            autoFit = false
            camera.zoom(by: Float(f))
            interactingUntil = now + 0.3
        case .fit:
            autoFit = true
            camera.fit(positions: scene.positions, dimension: scene.dimension)
        case .resetCamera:
            autoFit = true
            fitPending = true
        case .dimension(let d):
            do {
                try runner.update { $0.dimension = d }
                if !lastSnapshot.isRunning { runner.step() }
                say("\(d)D layout")
            } catch { say("\(error)") }
        case .cycleAlgorithm:
            let all: [LayoutAlgorithm] = [.forceAtlas2, .fruchtermanReingold, .multilevel, .spectral, .circular, .random]
            let i = all.firstIndex(of: lastSnapshot.algorithm) ?? 0
            let next = all[(i + 1) % all.count]
            runner.setAlgorithm(next)
            runner.resume(); userPaused = false
            say("layout: \(Explorer.algorithmName(next))")
        case .repulsion(let f):
            adjust("repulsion (scaling)") { $0.scaling = min(max($0.scaling * f, 0.01), 1000) }
        case .gravity(let f):
            adjust("gravity") {
                $0.gravity = min(max($0.gravity * f, 0.001), 1000)
                $0.frGravity = min(max($0.frGravity * f, 0.0001), 10)
            }
        case .toggleLinLog:
            adjust("lin-log") { $0.linLog.toggle() }
        case .cycleTheme:
            themeIndex = (themeIndex + 1) % themes.count
            invalidatePicture = true
            say("theme: \(themes[themeIndex].name)")
        case .cycleColorBy:
            let i = colorChoices.firstIndex(of: colorBy) ?? 0
            colorBy = colorChoices[(i + 1) % colorChoices.count]
            autoColoring = false
            applyColoring()
            say("colour by \(colorBy.title)")
        case .toggleEdges:
            scene.showEdges.toggle()
            say(scene.showEdges ? "edges shown" : "edges hidden")
        case .toggleLabels:
            scene.topLabels = scene.topLabels > 0 ? 0 : 10
            say(scene.topLabels > 0 ? "labels on" : "labels off")
        case .startSearch:
            search.editing = true
        case .nextMatch:
            search.next(1); if let n = search.currentNode { select(n) }
        case .previousMatch:
            search.next(-1); if let n = search.currentNode { select(n) }
        case .cycleTopDegree(let step):
            guard !byDegree.isEmpty else { break }
            let count = min(byDegree.count, 20)
            topCursor = ((topCursor + step) % count + count) % count
            select(byDegree[topCursor])
        case .selectCurrent:
            if let n = search.currentNode ?? selected { select(n) }
        case .clearSelection:
            search.clear()
            scene.matches = []
            select(nil)
            message = nil
        case .pick(let x, let y):
            pendingPick = (Float(x) * Float(camera.width), Float(y) * Float(camera.height))
        case .writeSnapshot:
            writeSnapshot()
        case .toggleServer:
            toggleServer()
        case .toggleHelp:
            helpVisible.toggle()
            invalidatePicture = true
        case .quit:
            quitRequested = true
        }
        needsRender = true
    }

    private func adjust(_ name: String, _ change: (inout LayoutParameters) -> Void) {
        do {
            try runner.update(change)
            if !lastSnapshot.isRunning { runner.resume() }; userPaused = false
            let p = runner.parameters
            say("\(name): scaling \(Explorer.short(p.scaling)), gravity \(Explorer.short(p.gravity)), lin-log \(p.linLog ? "on" : "off")")
        } catch {
            say("\(error)")
        }
    }

    private func writeSnapshot() {
        let stamp = Int(Date().timeIntervalSince1970)
        let csv = "\(options.snapshotPrefix)-\(stamp).csv"
        let png = "\(options.snapshotPrefix)-\(stamp).png"
        do {
            try PositionsFile.write(lastSnapshot.layoutPositions, graph: graph, to: csv)
            pendingPNG = png
            say("wrote \(csv); writing \(png)")
        } catch {
            say("could not write \(csv): \(error)", seconds: 8)
        }
    }

    // MARK: mouse

    private func mouse(_ m: MouseEvent) {
        guard layout.picture.contains(m.column, m.row), let p = placement, p.pane.columns > 0, p.pane.rows > 0 else {
            if m.kind == .release { drag = nil }
            return
        }
        // Cell → 0…1 of the picture.
        let fx = (Double(m.column - layout.picture.x) + 0.5) / Double(p.pane.columns)
        let fy = (Double(m.row - layout.picture.y) + 0.5) / Double(p.pane.rows)
        switch m.kind {
        case .wheelUp, .wheelDown:
            zoom(at: fx, fy, by: m.kind == .wheelUp ? 1.2 : 1 / 1.2)
        case .press:
            drag = (m.column, m.row, m.button)
        case .drag:
            if let d = drag {
                let dx = Double(m.column - d.column) / Double(p.pane.columns)
                let dy = Double(m.row - d.row) / Double(p.pane.rows)
                dragBy(dx, dy, rotate: d.button == 1 && !m.shift)
                drag = (m.column, m.row, d.button)
            }
        case .release:
            if let d = drag, d.column == m.column, d.row == m.row { perform(.pick(x: fx, y: fy)) }
            else if drag == nil { perform(.pick(x: fx, y: fy)) }
            drag = nil
        case .move:
            break
        }
    }

    func zoom(at fx: Double, _ fy: Double, by factor: Double) {
        autoFit = false
        camera.zoom(by: Float(factor), atX: Float(fx) * Float(camera.width), y: Float(fy) * Float(camera.height))
        interactingUntil = ImageWriter.now() + 0.3
        needsRender = true
    }

    func dragBy(_ dx: Double, _ dy: Double, rotate: Bool) {
        autoFit = false
        if rotate && camera.dimension == 3 {
            camera.orbit(yaw: Float(dx) * .pi, pitch: Float(dy) * .pi)
        } else {
            // The picture follows the pointer.
            camera.pan(dx: Float(dx) * Float(camera.width), dy: Float(dy) * Float(camera.height))
        }
        interactingUntil = ImageWriter.now() + 0.3
        needsRender = true
    }

    // MARK: events from the browser (FrameBus queue)

    func drainWebEvents() {
        guard let bus else { return }
        for e in bus.events.drain(limit: 256) { web(e) }
    }

    private func web(_ e: InteractionEvent) {
        let x = Double(e.x), y = Double(e.y)
        switch e.kind {
        case .pointerDown:
            // The viewer sends the second press of a double-click with click count 2 in keyCode: fit the view.
            if e.keyCode == 2 { perform(.fit); webDrag = nil; break }
            webDrag = (x, y, Int(e.buttons.rawValue))
        case .pointerMove:
            if let d = webDrag {
                dragBy(x - d.x, y - d.y, rotate: d.button & 1 != 0 && !e.modifiers.contains(.shift))
                webDrag = (x, y, d.button)
            }
        case .pointerUp:
            if let d = webDrag, abs(d.x - x) < 0.004, abs(d.y - y) < 0.004 { perform(.pick(x: x, y: y)) }
            webDrag = nil
        case .wheel:
            zoom(at: x, y, by: e.wheelY < 0 ? 1.2 : 1 / 1.2)
        case .keyDown:
            // A viewer may steer but not end the explorer.
            if let action = Keymap.action(for: Explorer.terminalKey(web: e.keyCode)), action != .quit { perform(action) }
        default:
            break
        }
        textDirty = true
    }

    // MARK: colouring

    func applyColoring() {
        let sizes = NodeStyle.sizes(byDegreeOf: graph)
        let cat: NodeStyle.Categorization
        var legendTitle = colorBy.title
        switch colorBy {
        case .community:
            if let labels = communityLabels {
                cat = NodeStyle.categories(labels: labels) { "community \($0 + 1)" }
            } else {
                cat = NodeStyle.categories(byDegreeOf: graph)
                legendTitle = "degree (communities pending)"
            }
        case .degree:
            cat = NodeStyle.categories(byDegreeOf: graph)
        case .attribute(let key):
            cat = (try? NodeStyle.categories(byAttribute: key, of: graph)) ?? NodeStyle.categories(byDegreeOf: graph)
        }
        try? scene.setStyle(categories: cat.categories, sizes: sizes)
        scene.legend = Legend(color: legendTitle, entries: Array(cat.names.prefix(8)), size: "degree")
        needsRender = true
    }

    func statsArrived() {
        if let s = statsBox.statistics, let c = s.communities {
            communityLabels = c.label
            if autoColoring { colorBy = .community }
            if colorBy == .community { applyColoring() }
        }
        textDirty = true
    }

    /// A web key code (StreamInterface.WebKey, else a Unicode scalar) as the
    /// terminal key code the keymap uses.
    static func terminalKey(web code: UInt32) -> Int32 {
        switch WebKey(rawValue: code) {
        case .arrowUp: return Keymap.keyUp
        case .arrowDown: return Keymap.keyDown
        case .arrowLeft: return Keymap.keyLeft
        case .arrowRight: return Keymap.keyRight
        case .enter: return 10
        default: return Int32(bitPattern: code)
        }
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
