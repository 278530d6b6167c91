import Foundation

/// Labels and the legend, drawn on the finished frame from the font atlas.
///
/// Labels go to the selected node first, then search matches, then the
/// highest-degree nodes; each tries the right, left, top and bottom of its
/// node and is dropped if every spot overlaps a label already placed (or the
/// legend) or leaves the frame, so labels never cover each other.
enum Overlay {
    struct Box {
        var x, y, w, h: Int
        func overlaps(_ o: Box) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
    }

    static let maxLabelLength = 28

    /// Draws legend and labels; returns how many labels were placed.
    static func draw(_ scene: Scene, _ p: ScreenProjection, _ theme: Theme, on canvas: Canvas) -> Int {
        let font = FontAtlas.suited(toHeight: canvas.height)
        var placed: [Box] = []
        if let legend = scene.legend, canvas.height >= 120, canvas.width >= 200,
           let box = drawLegend(legend, theme, font, canvas) {
            placed.append(box)
        }
        var candidates: [Int] = []
        if let s = scene.selected, s >= 0, s < scene.nodeCount { candidates.append(s) }
        candidates += scene.matches.prefix(100).filter { $0 >= 0 && $0 < scene.nodeCount }
        candidates += scene.byDegree.prefix(max(scene.topLabels, 0)).map(Int.init)
        var seen = Set<Int>()
        var count = 0
        // Discs of the nodes that get labels: a label prefers not to cover them.
        let discs: [Box] = candidates.prefix(300).compactMap { i in
            guard p.x[i].isFinite else { return nil }
            let r = Int(p.radius[i].rounded(.up))
            return Box(x: Int(p.x[i]) - r, y: Int(p.y[i]) - r, w: 2 * r + 1, h: 2 * r + 1)
        }
        for node in candidates where seen.insert(node).inserted {
            guard p.x[node].isFinite, p.isOnScreen(node) else { continue }
            var text = scene.label(of: node)
            if text.count > maxLabelLength { text = String(text.prefix(maxLabelLength - 1)) + "…" }
            let w = font.width(of: text) + 4, h = font.cellHeight + 2
            let x = Int(p.x[node].rounded()), y = Int(p.y[node].rounded())
            let r = Int(p.radius[node].rounded(.up)) + (node == scene.selected ? 4 : 2)
            let spots = [Box(x: x + r + 1, y: y - h / 2, w: w, h: h), Box(x: x - r - 1 - w, y: y - h / 2, w: w, h: h),
                         Box(x: x - w / 2, y: y - r - 1 - h, w: w, h: h), Box(x: x - w / 2, y: y + r + 1, w: w, h: h)]
            let free = spots.filter { b in
                b.x >= 0 && b.y >= 0 && b.x + b.w <= canvas.width && b.y + b.h <= canvas.height
                    && !placed.contains { $0.overlaps(b) }
            }
            guard let spot = free.first(where: { b in !discs.contains { $0.overlaps(b) } }) ?? free.first else { continue }
            placed.append(spot)
            canvas.fillRect(x: spot.x, y: spot.y, width: spot.w, height: spot.h, theme.labelBackground,
                            alpha: theme.labelBackgroundAlpha)
            let color = node == scene.selected ? theme.highlight : theme.label
            canvas.drawText(text, x: spot.x + 2, y: spot.y + 1, color, font: font)
            count += 1
        }
        return count
    }

    /// The key in the bottom-left corner; returns the box it covers.
    static func drawLegend(_ legend: Legend, _ theme: Theme, _ font: FontAtlas,
                           _ canvas: Canvas) -> Box? {
        let line = font.cellHeight + 2
        let maxLines = max((canvas.height / 3) / line - 2, 1)
        var rows: [(RGB?, String)] = []
        let shown = legend.colorScale == nil ? min(legend.entries.count, theme.palette.count) : 0
        for i in 0..<shown { rows.append((theme.palette[i], clip(legend.entries[i], 16))) }
        if legend.entries.count > shown && legend.colorScale == nil {
            rows.append((theme.other, "\(legend.entries.count - shown) more"))
        }
        // A number on the ramp: a gradient bar, then its min and max under the ends.
        let scaleLine = legend.colorScale.map { (scaleText($0.min), scaleText($0.max)) }
        if let (lo, hi) = scaleLine { rows.append((nil, lo + "  " + hi)) }
        if rows.count > maxLines {
            let rest = rows.count - (maxLines - 1)
            rows = Array(rows.prefix(maxLines - 1)) + [(theme.other, "… \(rest) more")]
        }
        let title = "colour: " + clip(legend.color, 16)
        let sizeLine = legend.size.map { "size: " + clip($0, 16)
            + (legend.sizeScale.map { " " + scaleText($0.min) + "–" + scaleText($0.max) } ?? "") }
        let swatch = font.cellHeight - 4
        let textWidths = [font.width(of: title), sizeLine.map { font.width(of: $0) + 40 } ?? 0]
            + rows.map { font.width(of: $0.1) + swatch + 6 }
        let barWidth = scaleLine == nil ? 0 : max(96, font.width(of: rows.last?.1 ?? ""))
        let bar = scaleLine == nil ? 0 : 1
        let w = max((textWidths.max() ?? 0), barWidth) + 12
        let h = (rows.count + 1 + bar + (sizeLine == nil ? 0 : 1)) * line + 8
        let box = Box(x: 8, y: canvas.height - h - 8, w: w, h: h)
        guard box.y >= 0, box.x + box.w <= canvas.width else { return nil }
        // No box: a translucent one dimmed the nodes beneath it. The words
        // get a halo instead, enough to read them over edges.
        let halo = theme.labelBackground
        var y = box.y + 4
        canvas.drawText(title, x: box.x + 6, y: y, theme.label, halo: halo, font: font)
        y += line
        if let (lo, hi) = scaleLine {
            let barHeight = max(font.cellHeight - 4, 4)
            for x in 0..<barWidth {
                canvas.fillRect(x: box.x + 6 + x, y: y + 2, width: 1, height: barHeight,
                                theme.rampColor(Double(x) / Double(max(barWidth - 1, 1))), alpha: 1)
            }
            y += line
            canvas.drawText(lo, x: box.x + 6, y: y, theme.label, halo: halo, font: font)
            canvas.drawText(hi, x: box.x + 6 + barWidth - font.width(of: hi), y: y, theme.label, halo: halo, font: font)
            y += line
        }
        for (color, text) in rows where !(scaleLine != nil && color == nil) {
            if let color {
                let r = Float(swatch) / 2
                canvas.fillDisc(cx: Float(box.x + 6) + r, cy: Float(y) + Float(font.cellHeight) / 2, radius: r,
                                color, outline: theme.outline, outlineWidth: min(theme.outlineWidth, 1))
            }
            canvas.drawText(text, x: box.x + 6 + swatch + 6, y: y, theme.label, halo: halo, font: font)
            y += line
        }
        if let sizeLine {
            canvas.drawText(sizeLine, x: box.x + 6, y: y, theme.label, halo: halo, font: font)
            // Small to large disc after the words: bigger means more.
            var cx = Float(box.x + 6 + font.width(of: sizeLine) + 6)
            for r: Float in [2, 3.5, 5] where cx + r < Float(box.x + box.w) {
                canvas.fillDisc(cx: cx + r, cy: Float(y) + Float(font.cellHeight) / 2, radius: r, theme.other,
                                outline: theme.outline, outlineWidth: 0.8)
                cx += 2 * r + 4
            }
        }
        return box
    }

    /// A scale end: whole numbers as they are, others to four significant digits.
    static func scaleText(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e9 { return String(Int64(v)) }
        return String(format: "%.4g", v)
    }

    static func clip(_ s: String, _ n: Int) -> String { s.count > n ? String(s.prefix(n - 1)) + "…" : s }
}
