/// A titled list of name/value rows: statistics, layout state, selection.
public struct PanelSection: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var value: String
        public var style: ScreenBuffer.Style
        public init(_ name: String, _ value: String, style: ScreenBuffer.Style = .value) {
            self.name = name; self.value = value; self.style = style
        }
    }
    public var title: String
    public var rows: [Row]
    public init(_ title: String, _ rows: [Row]) { self.title = title; self.rows = rows }
}

/// Draws sections top to bottom into the side panel; when the panel is too
/// short, later sections keep their title and as many rows as fit, and the
/// last row says how many were cut.
public enum SidePanel {
    public static func draw(_ sections: [PanelSection], into buffer: inout ScreenBuffer, rect: Rect) {
        guard rect.width >= 12, rect.height >= 3 else { return }
        buffer.clear(rect)
        var y = rect.y
        let nameWidth = min(16, max(8, rect.width / 2 - 1))
        for (index, section) in sections.enumerated() {
            guard y < rect.maxY else { break }
            buffer.text(ScreenBuffer.fit(section.title, rect.width), x: rect.x, y: y, style: .title)
            y += 1
            // Leave at least a title line for each later section.
            let reserve = sections.count - index - 1
            let available = max(0, rect.maxY - y - reserve)
            let shown = section.rows.count <= available ? section.rows.count : max(0, available - 1)
            for row in section.rows.prefix(shown) {
                let name = ScreenBuffer.fit(row.name, nameWidth)
                buffer.text(" " + name, x: rect.x, y: y, style: .dim, clip: rect)
                let valueX = rect.x + nameWidth + 2
                buffer.text(ScreenBuffer.fit(row.value, rect.maxX - valueX), x: valueX, y: y, style: row.style, clip: rect)
                y += 1
            }
            if shown < section.rows.count && y < rect.maxY {
                buffer.text(" … \(section.rows.count - shown) more", x: rect.x, y: y, style: .dim, clip: rect)
                y += 1
            }
            if y < rect.maxY && index < sections.count - 1 && rect.maxY - y > reserve { y += 1 }
        }
    }
}

/// Where each part of the screen goes for a terminal of a given size.
public struct ScreenLayout: Sendable, Equatable {
    public var picture: Rect
    public var panel: Rect
    public var status: Rect
    /// Search prompt line (over the status line while searching).
    public var prompt: Rect
    /// Full-width lines above the status line (the share URL and tunnel), if any.
    public var footer: Rect = Rect(x: 0, y: 0, width: 0, height: 0)

    /// The picture takes the left, the panel the right (30–42 columns); in a
    /// narrow terminal (< 64 columns) the panel collapses and the picture
    /// takes the width. The bottom row is the status line: images never
    /// touch it, so a sixel can never scroll the screen.
    public static func compute(columns: Int, rows: Int, panelHidden: Bool = false, footerRows: Int = 0) -> ScreenLayout {
        let footer = rows > footerRows + 6 ? footerRows : 0
        let usableRows = max(rows - 1 - footer, 0)
        let panelWidth: Int
        if panelHidden || columns < 64 { panelWidth = 0 } else { panelWidth = min(42, max(30, columns * 32 / 100)) }
        let pictureWidth = columns - panelWidth - (panelWidth > 0 ? 1 : 0)
        return ScreenLayout(
            picture: Rect(x: 0, y: 0, width: pictureWidth, height: usableRows),
            panel: Rect(x: columns - panelWidth, y: 0, width: panelWidth, height: usableRows),
            status: Rect(x: 0, y: usableRows + footer, width: columns, height: rows > 0 ? 1 : 0),
            prompt: Rect(x: 0, y: usableRows + footer, width: columns, height: rows > 0 ? 1 : 0),
            footer: Rect(x: 0, y: usableRows, width: columns, height: footer))
    }
}

/// The overlay that lists every key, drawn over the picture pane.
public enum HelpOverlay {
    public static func draw(into buffer: inout ScreenBuffer, area: Rect) {
        let rows = Keymap.bindings.count + 4
        let width = min(area.width, 58)
        let height = min(area.height, rows)
        let r = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        buffer.clear(r)
        buffer.frame(r, title: "Tangle keys — ? or Esc closes", style: .accent)
        var y = r.y + 1
        for b in Keymap.bindings where y < r.maxY - 1 {
            buffer.text(ScreenBuffer.fit(b.keys, 16), x: r.x + 2, y: y, style: .key, clip: r.inset(1))
            buffer.text(ScreenBuffer.fit(b.what, r.width - 21), x: r.x + 19, y: y, style: .normal, clip: r.inset(1))
            y += 1
        }
        if y < r.maxY - 1 {
            buffer.text("mouse: click selects · drag rotates/pans · wheel zooms", x: r.x + 2, y: r.maxY - 2, style: .dim, clip: r.inset(1))
        }
    }
}
