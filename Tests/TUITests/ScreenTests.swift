import Testing
import Foundation
@testable import TUI

@Suite struct ScreenTests {
    @Test func layoutCollapsesPanelWhenNarrow() {
        let wide = ScreenLayout.compute(columns: 120, rows: 40)
        #expect(wide.panel.width >= 30)
        #expect(wide.picture.width + wide.panel.width + 1 == 120)
        #expect(wide.picture.height == 39)
        #expect(wide.status.y == 39)
        let small = ScreenLayout.compute(columns: 80, rows: 24)
        #expect(small.panel.width == 30)
        #expect(small.picture.width == 49)
        let tiny = ScreenLayout.compute(columns: 50, rows: 20)
        #expect(tiny.panel.width == 0 && tiny.picture.width == 50)
    }

    @Test func panelCutsRowsButKeepsEveryTitle() {
        var buffer = ScreenBuffer(width: 30, height: 8)
        let sections = [
            PanelSection("Graph", (0..<10).map { .init("row\($0)", "\($0)") }),
            PanelSection("Layout", [.init("algorithm", "fa2")]),
        ]
        SidePanel.draw(sections, into: &buffer, rect: Rect(x: 0, y: 0, width: 30, height: 8))
        let text = buffer.lines.joined(separator: "\n")
        #expect(text.contains("Graph"))
        #expect(text.contains("Layout"))
        #expect(text.contains("more"))
        #expect(buffer.row(1).contains("row0"))
    }

    @Test func helpOverlayListsEveryBinding() {
        var buffer = ScreenBuffer(width: 100, height: 40)
        HelpOverlay.draw(into: &buffer, area: Rect(x: 0, y: 0, width: 100, height: 40))
        let text = buffer.lines.joined(separator: "\n")
        for b in Keymap.bindings { #expect(text.contains(b.keys), "\(b.keys) missing from help") }
    }

    @Test func keymapHasNoDuplicateCodes() {
        var seen = Set<Key>()
        for b in Keymap.bindings { for (key, _) in b.codes { #expect(seen.insert(key).inserted, "key \(key) bound twice") } }
    }
}

@Suite struct DocumentationTests {
    /// The README's key table is the keymap: every binding appears with its description.
    @Test func readmeListsEveryKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for b in Keymap.bindings {
            #expect(readme.contains("| `\(b.keys)` | \(b.what) |"), "README lacks the key row for \(b.keys)")
        }
    }
}
