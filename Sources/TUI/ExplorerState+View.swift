import Foundation
import GraphCore
import Layout
import Render
import TerminalGraphics

/// The screen as a function of the state: layers drawn bottom to top into
/// one buffer (the picture, labels and legend over it, the panel, the
/// status line, overlays last), each hiding what lies beneath.
extension ExplorerState {
    public func view(now: Double) -> ScreenBuffer {
        var b = ScreenBuffer(width: geometry.columns, height: geometry.rows)
        drawPicture(&b)
        if layout.panel.width > 0 {
            SidePanel.draw(panelSections(now: now), into: &b, rect: layout.panel)
            for y in 0..<layout.panel.height { b[layout.panel.x - 1, y] = .init("│", .dim) }
        }
        drawFooter(&b)
        drawStatus(&b, now: now)
        if helpVisible { HelpOverlay.draw(into: &b, area: layout.picture) }
        return b
    }

    // MARK: the picture layer

    private func drawPicture(_ b: inout ScreenBuffer) {
        let area = layout.picture
        guard let placement, !area.isEmpty else { return }
        let pane = Rect(x: placement.pane.column, y: placement.pane.row, width: placement.pane.columns, height: placement.pane.rows)
        switch mode {
        case .sixel, .kitty:
            b.fill(pane, with: .image)
        case .blocks, .braille:
            let bg = Self.packed(theme.background)
            b.fill(area, with: ScreenBuffer.Cell(" ", .normal, fg: bg, bg: bg))
            if let p = cellPicture, p.columns == pane.width, p.rows == pane.height {
                for r in 0..<p.rows {
                    for c in 0..<p.columns {
                        let i = r * p.columns + c
                        let glyph = Unicode.Scalar(p.glyphs[i]) ?? " "
                        b[pane.x + c, pane.y + r] = ScreenBuffer.Cell(glyph, .normal, fg: p.fg[i], bg: p.bg[i])
                    }
                }
            }
            let legend = drawLegend(&b, pane: pane)
            if cellPicture != nil { drawLabels(&b, pane: pane, avoiding: legend) }
        default:
            let lines = ["No picture in this terminal (graphics: none).",
                         "Statistics, search and selection still work;",
                         "`s` shares the picture with a browser."]
            for (i, l) in lines.enumerated() {
                b.text(ScreenBuffer.fit(l, area.width - 2), x: area.x + 1, y: area.y + area.height / 2 - 1 + i, style: .dim, clip: area)
            }
        }
    }

    /// Node labels as text cells over a cell picture, right of their node,
    /// on the picture's own background so they stay readable; a label that
    /// would overlap one already placed is left out.
    private func drawLabels(_ b: inout ScreenBuffer, pane: Rect, avoiding legend: Rect?) {
        guard !anchors.isEmpty else { return }
        let fg = Self.packed(theme.label)
        let highlight = Self.packed(theme.highlight)
        var taken = [Bool](repeating: false, count: pane.width * pane.height)
        for a in anchors {
            guard a.node < labels.count, a.x >= 0, a.x < 1, a.y >= 0, a.y < 1 else { continue }
            let col = pane.x + Int(a.x * Float(pane.width)) + 1
            let row = pane.y + Int(a.y * Float(pane.height))
            let text = ScreenBuffer.fit(labels[a.node], min(24, pane.maxX - col))
            let width = ScreenBuffer.displayWidth(text)
            guard width > 0, col + width <= pane.maxX, row < pane.maxY else { continue }
            let lo = max(col - 1, pane.x), hi = min(col + width + 1, pane.maxX)
            if let legend, legend.intersects(Rect(x: lo, y: row, width: hi - lo, height: 1)) { continue }
            let start = (row - pane.y) * pane.width
            if (lo..<hi).contains(where: { taken[start + $0 - pane.x] }) { continue }
            for x in lo..<hi { taken[start + x - pane.x] = true }
            var x = col
            for scalar in text.unicodeScalars {
                let under = b[x, row]
                let w = max(ScreenBuffer.displayWidth(scalar), 1)
                b.text(String(Character(scalar)), x: x, y: row, style: a.node == selected ? .selected : .normal,
                       fg: a.node == selected ? highlight : fg, bg: under.bg)
                x += w
            }
        }
    }

    /// What colour means, as text in the pane's lower left corner; returns where it went.
    @discardableResult
    private func drawLegend(_ b: inout ScreenBuffer, pane: Rect) -> Rect? {
        guard let legend = scene.legend, pane.height >= 12, pane.width >= 24 else { return nil }
        if let scale = legend.colorScale { return drawScale(&b, pane: pane, legend: legend, scale: scale) }
        let entries = Array(legend.entries.prefix(min(6, pane.height / 3)))
        let bg = Self.packed(theme.background)
        let text = Self.packed(theme.label)
        var y = pane.maxY - entries.count - 1
        let width = min(pane.width - 2, 22)
        let area = Rect(x: pane.x, y: y, width: width + 2, height: entries.count + 1)
        b.fill(area, with: ScreenBuffer.Cell(" ", .normal, fg: bg, bg: bg))
        b.text(ScreenBuffer.fit(legend.color, width), x: pane.x + 1, y: y, style: .dim, bg: bg)
        y += 1
        for (i, name) in entries.enumerated() {
            b.text("●", x: pane.x + 1, y: y, fg: Self.packed(theme.color(ofCategory: Int32(i))), bg: bg)
            b.text(ScreenBuffer.fit(name, width - 2), x: pane.x + 3, y: y, fg: text, bg: bg)
            y += 1
        }
        return area
    }

    /// A continuous colour legend: the quantity's name, a ramp from min to
    /// max, and the size's name and range when size shows a number.
    private func drawScale(_ b: inout ScreenBuffer, pane: Rect, legend: Legend, scale: Legend.Scale) -> Rect {
        let bg = Self.packed(theme.background)
        let text = Self.packed(theme.label)
        let width = min(pane.width - 2, 24)
        let sizeLine = legend.sizeScale.map { "size \(legend.size ?? "") " + Self.range($0) }
        let height = sizeLine == nil ? 3 : 4
        var y = pane.maxY - height
        let area = Rect(x: pane.x, y: y, width: width + 2, height: height)
        b.fill(area, with: ScreenBuffer.Cell(" ", .normal, fg: bg, bg: bg))
        b.text(ScreenBuffer.fit("colour " + legend.color, width), x: pane.x + 1, y: y, style: .dim, bg: bg)
        y += 1
        let bar = max(4, width - 2)
        for i in 0..<bar {
            let c = theme.rampColor(Double(i) / Double(bar - 1))
            b.text("█", x: pane.x + 1 + i, y: y, fg: Self.packed(c), bg: bg)
        }
        y += 1
        let lo = NodeMapping.scaleText(scale.min), hi = NodeMapping.scaleText(scale.max)
        b.text(ScreenBuffer.fit(lo, width / 2), x: pane.x + 1, y: y, fg: text, bg: bg)
        b.text(hi, x: pane.x + 1 + max(bar - ScreenBuffer.displayWidth(hi), ScreenBuffer.displayWidth(lo) + 1), y: y, fg: text, bg: bg)
        if let sizeLine { b.text(ScreenBuffer.fit(sizeLine, width), x: pane.x + 1, y: y + 1, fg: text, bg: bg) }
        return area
    }

    static func range(_ s: Legend.Scale) -> String { NodeMapping.scaleText(s.min) + "–" + NodeMapping.scaleText(s.max) }

    static func packed(_ c: Render.RGB) -> UInt32 { UInt32(c.r) << 16 | UInt32(c.g) << 8 | UInt32(c.b) }

    // MARK: status and footer

    private func drawStatus(_ b: inout ScreenBuffer, now: Double) {
        let r = layout.status
        guard r.height > 0 else { return }
        if let line = commandLine {
            let x = b.text(":" + line.text, x: 0, y: r.y, style: .key)
            b.text("▏", x: x, y: r.y, style: .accent)
            b.text("  Tab completes · ↑ history · Enter runs · Esc cancels", x: x + 1, y: r.y, style: .dim)
            return
        }
        if search.editing {
            let text = "/" + search.query
            let x = b.text(text, x: 0, y: r.y, style: .key)
            b.text("▏", x: x, y: r.y, style: .accent)
            let info = search.matches.isEmpty ? (search.query.isEmpty ? "type a label" : "no match")
                : "\(search.current + 1)/\(search.matches.count): \(labels[search.matches[search.current]])"
            b.text("  " + ScreenBuffer.fit(info, max(0, r.width - x - 4)), x: x + 1, y: r.y, style: .dim)
            return
        }
        let fps = framesPerSecond(now: now)
        let rate = fps == 0 && !isChanging(now: now) ? "still" : "\(fps) fps"
        let bytes = Double(sentLog.filter { $0.0 > now - 2 }.reduce(0) { $0 + $1.1 }) / 2
        var parts = [rate, Self.bytesText(bytes) + "/s",
                     "\(mode.rawValue)" + (shownDivisor > 1 && mode.isPixelProtocol ? " ÷\(shownDivisor)" : "")]
        parts.append(serverStatusText)
        parts.append("? help  q quit")
        var line = parts.joined(separator: " · ")
        if let m = message {
            // The message first, but never at the cost of how to get help and quit:
            // the status shrinks (to those two at the least) before the message is cut short.
            let width = r.width - 1
            let choices = [line, [rate, "? help  q quit"].joined(separator: " · "), "? help  q quit"]
            let right = choices.first { width - $0.count - 5 >= m.text.count } ?? choices[2]
            line = ScreenBuffer.fit(m.text, max(0, width - right.count - 5)) + "  │  " + right
        }
        b.text(ScreenBuffer.fit(line, r.width - 1), x: 0, y: r.y, style: message == nil ? .dim : .accent)
    }

    var serverStatusText: String {
        switch server {
        case .off:
            if case .failure = segment { return "share: off" }
            return "s share"
        case .starting: return "share: starting"
        case .listening(let a): return a.url == nil ? "share: starting" : "share: on (s stops)"
        case .ended(let why): return why
        }
    }

    /// The two full-width lines while sharing: the URL with its token, and
    /// the exact ssh line to run where the browser is (never cut short).
    private func drawFooter(_ b: inout ScreenBuffer) {
        let r = layout.footer
        guard r.height >= 2, case .listening(let a) = server, let url = a.url else { return }
        var x = b.text("share ", x: 0, y: r.y, style: .title)
        b.text(url, x: x, y: r.y, style: .accent)
        x = b.text("tunnel ", x: 0, y: r.y + 1, style: .title)
        x = b.text(a.ssh ?? "", x: x, y: r.y + 1, style: .value)
        if let w = a.warning { b.text("  ⚠ " + w, x: x, y: r.y + 1, style: .warning) }
    }

    static func bytesText(_ b: Double) -> String {
        if b >= 1_000_000 { return String(format: "%.1f MB", b / 1_000_000) }
        if b >= 1_000 { return String(format: "%.0f KB", b / 1_000) }
        return String(format: "%.0f B", b)
    }

    // MARK: the side panel

    /// A multilevel layout's progress: level k of n and the step in it,
    /// seconds spent and an estimate of the seconds left.
    static func progressRows(_ p: LayoutProgress, running: Bool) -> [PanelSection.Row] {
        var stage: String
        switch p.stage {
        case .coarsening: stage = "coarsening" + (p.levels > 1 ? " · \(p.levels) levels" : "")
        case .refining: stage = "level \(p.level) of \(p.levels) · step \(p.step)/\(p.steps)"
        case .preparingStress: stage = "stress terms \(p.step)/\(p.steps)"
        case .stress: stage = "stress sweep \(p.step)/\(p.steps)"
        case .finished: stage = "done · \(p.levels) levels"
        }
        if p.components > 1 && p.stage != .finished { stage += " · component \(p.component)/\(p.components)" }
        var time = String(format: "%.1f s", p.elapsed)
        if p.stage != .finished {
            time += String(format: " · %.0f%%", p.fraction * 100)
            if let r = p.remaining { time += String(format: " · %.0f s left", r.rounded(.up)) }
            if !running { time += " (paused)" }
        }
        return [.init("progress", stage), .init("elapsed", time)]
    }

    /// The side panel: graph, statistics, layout, view, selection.
    func panelSections(now: Double) -> [PanelSection] {
        var sections: [PanelSection] = []
        // Counts and statistics are of what the filter selects (faded nodes are not part of it).
        let g = context.selection
        var graphRows: [PanelSection.Row] = [
            .init("nodes", "\(g.nodeCount)"),
            .init("edges", "\(g.edgeCount)" + (g.isWeighted ? " (weighted)" : "")),
            .init("directed", g.isDirected ? "yes" : "no"),
        ]
        if let s = statistics {
            graphRows.append(.init("density", Self.short(s.density)))
            graphRows.append(.init("components", "\(s.components) (largest \(s.largestComponent))"))
            graphRows.append(.init("degree", "min \(s.degree.min) · mean \(String(format: "%.2f", s.degree.mean)) · max \(s.degree.max)"))
            if let c = s.averageClustering { graphRows.append(.init("clustering", String(format: "%.4f", c))) }
            if let t = s.transitivity { graphRows.append(.init("transitivity", String(format: "%.4f", t))) }
            if let a = s.assortativity { graphRows.append(.init("assortativity", String(format: "%.4f", a))) }
            if let c = s.communities {
                graphRows.append(.init("communities", "\(c.count)" + (c.modularity.map { String(format: " · Q %.3f", $0) } ?? "")))
            }
            if let d = s.diameter { graphRows.append(.init("diameter", (s.diameterEstimated ? "≈" : "") + "\(d)")) }
            if g.selfLoopCount > 0 { graphRows.append(.init("self-loops", "\(g.selfLoopCount)")) }
            if s.communities == nil {
                // The first, quick part came; the slow ones follow (StatsBox).
                for name in ["clustering", "communities", "diameter"] { graphRows.append(.init(name, "computing…", style: .dim)) }
            }
        } else {
            graphRows.append(.init("statistics", "computing…", style: .dim))
        }
        if shownFilter != nil {
            var top: [PanelSection.Row] = []
            if let f = filterText { top.append(.init("filter", f, style: .accent)) }
            if !hidden.isEmpty {
                top.append(.init("hidden", "\(hidden.count): " + hidden.prefix(6).joined(separator: ", ") + (hidden.count > 6 ? ", …" : ""),
                                 style: .accent))
            }
            top.append(pendingFilter != nil ? .init("shown", "computing…", style: .dim)
                                            : .init("shown", "\(g.nodeCount) of \(context.whole.nodeCount) nodes"))
            graphRows.insert(contentsOf: top, at: 0)
        }
        sections.append(PanelSection(options.source, graphRows))

        let snap = snapshot
        let p = snap.parameters
        var layoutRows: [PanelSection.Row] = [
            .init("algorithm", Self.algorithmName(snap.algorithm) + " · \(snap.dimension)D"),
            .init("state", userPaused ? "paused" : snap.converged ? "converged" : "running",
                  style: userPaused ? .warning : .selected),
            .init("iteration", "\(snap.iteration)"),
        ] + (options.positionsSource.map { [PanelSection.Row("positions", "from " + $0)] } ?? [])
            + [.init("steps/s", String(format: "%.0f", snap.stepsPerSecond))]
            + (snap.progress.map { Self.progressRows($0, running: snap.isRunning) }
               ?? [.init("speed", Self.short(snap.globalSpeed))])
        switch snap.algorithm {
        case .forceAtlas2:
            layoutRows += [.init("scaling [ ]", Self.short(p.scaling)), .init("gravity { }", Self.short(p.gravity)),
                           .init("lin-log L", p.linLog ? "on" : "off"), .init("strong gravity", p.strongGravity ? "on" : "off"),
                           .init("theta", Self.short(p.theta)), .init("jitter tol.", Self.short(p.jitterTolerance))]
        case .fruchtermanReingold:
            layoutRows += [.init("gravity { }", Self.short(p.frGravity)), .init("repulsion", p.repulsion.rawValue),
                           .init("cooling", Self.short(p.cooling)), .init("theta", Self.short(p.theta))]
        default:
            layoutRows += [.init("seed", "\(p.seed)")]
        }
        sections.append(PanelSection("Layout", layoutRows))

        var view: [PanelSection.Row] = [
            .init("theme t", theme.name),
            .init("colour c", colorBy.title + (scene.legend?.colorScale.map { " " + Self.range($0) } ?? "")),
            .init("edges e", scene.showEdges ? "shown" : "hidden"),
        ]
        // Rows for mappings and modes only when they are not the defaults (the panel is short).
        if let sizeBy { view.insert(.init("size", sizeBy + (scene.legend?.sizeScale.map { " " + Self.range($0) } ?? "")), at: 2) }
        if labelBy != nil || !labelsOn { view.append(.init("labels i", labelsOn ? (labelBy ?? "names") : "off")) }
        if shownFilter != nil || fade { view.append(.init("filtered v", fade ? "fade" : "disappear")) }
        if lastRenderMs > 0 {
            view.append(.init("frame", String(format: "%.0f ms render · %.0f ms encode", lastRenderMs, lastEncodeMs), style: .dim))
        }
        sections.append(PanelSection("View", view))

        if let n = selected {
            let shown = context.graph
            let w = context.wholeIndex(ofShown: n)
            var rows: [PanelSection.Row] = [.init("label", context.labels[n], style: .selected), .init("id", shown.nodeIDs[n]),
                                            .init("degree", "\(context.degrees[n])")]
            if let c = communityLabels, n < c.count { rows.append(.init("community", "\(c[n] + 1)")) }
            // Every attribute the file gave, then the whole-graph metrics computed so far.
            for (k, v) in context.whole.nodeAttributes.values(of: w) where k != "label" { rows.append(.init(k, v.text)) }
            for m in NodeMetric.allCases where m != .degree && context.metrics.isComputed(m) {
                if let v = try? context.metrics.values(m)[w] {
                    rows.append(.init(m.rawValue, m.isPartition ? "\(Int(v))" : NodeMapping.scaleText(v)))
                }
            }
            if let name = labelBy, let text = mappedLabels?[n] { rows.append(.init("label by " + name, text)) }
            if fade, let f = context.faded, f[n] { rows.append(.init("filter", "left out (faded)", style: .dim)) }
            let g = shown
            let nbrs = g.undirectedNeighbours(n)
            let names = nbrs.prefix(12).map { context.labels[$0] }.joined(separator: ", ")
            rows.append(.init("neighbours", "\(nbrs.count): " + names + (nbrs.count > 12 ? ", …" : "")))
            sections.append(PanelSection("Selection", rows))
        } else if !search.matches.isEmpty {
            sections.append(PanelSection("Search", [.init("matches", "\(search.matches.count) for \"\(search.query)\"")]))
        }
        if let p = highlightedPath {
            let w = context.whole
            sections.insert(PanelSection("Path", [.init("length", "\(p.count - 1) hops"),
                                                  .init("nodes", p.map { w.label(of: $0) }.joined(separator: " → "))]),
                            at: min(sections.count, 3))
        }
        return sections
    }
}
