import Foundation
import GraphCore
import Layout
import TangleBasics

/// One line on stderr that rewrites itself ("reading FILE · 12.0 of 39.2 MB
/// · 45 MB/s", "layout · level 5 of 9 …") while something long runs, and
/// is cleared when it ends. Only when stderr is a terminal, only after the
/// work has taken `delay` seconds (a quick read shows nothing), and at most
/// ten times a second.
final class ProgressLine: @unchecked Sendable {
    // Safety: used by the one thread doing the work (reading, or the layout's caller).
    private let start = monotonicSeconds()
    private var lastShown = -Double.infinity
    private var shown = false
    private let delay: Double
    let enabled: Bool

    init(delay: Double = 0.3) {
        self.delay = delay
        enabled = isatty(2) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    var elapsed: Double { monotonicSeconds() - start }

    /// Shows `text` (cut to the terminal's width) unless too soon.
    func show(_ text: String) {
        guard enabled else { return }
        let now = monotonicSeconds()
        guard now - start >= delay, now - lastShown >= 0.1 else { return }
        lastShown = now
        shown = true
        var ws = winsize()
        let width = ioctl(2, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 10 ? Int(ws.ws_col) - 1 : 79
        write("\r\u{1B}[K" + String(text.prefix(width)))
    }

    /// Clears the line (if anything was shown).
    func finish() {
        guard shown else { return }
        write("\r\u{1B}[K")
        shown = false
    }

    private func write(_ s: String) {
        var bytes = Array(s.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Foundation.write(2, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 { if errno == EINTR { continue }; return }
            off += n
        }
    }

    /// The reading line: bytes read (of the file's size when known) and the rate.
    static func reading(_ name: String, bytes: Int, of size: Int, seconds: Double) -> String {
        let mb = Double(bytes) / 1e6
        var text = "reading \((name as NSString).lastPathComponent) · " + String(format: "%.1f", mb)
        text += size > 0 ? String(format: " of %.1f MB (%.0f%%)", Double(size) / 1e6, 100 * Double(bytes) / Double(size)) : " MB"
        if seconds > 0 { text += String(format: " · %.1f MB/s", mb / seconds) }
        return text
    }

    /// The layout line: where a multilevel layout stands and the time left.
    static func layout(_ p: LayoutProgress) -> String {
        var text = "layout multilevel · "
        switch p.stage {
        case .coarsening: text += "coarsening"
        case .refining: text += "level \(p.level) of \(p.levels) · step \(p.step)/\(p.steps)"
        case .preparingStress: text += "stress terms \(p.step)/\(p.steps)"
        case .stress: text += "stress sweep \(p.step)/\(p.steps)"
        case .finished: text += "done"
        }
        if p.components > 1 { text += " · component \(p.component)/\(p.components)" }
        text += String(format: " · %.0f%% · %.1f s", p.fraction * 100, p.elapsed)
        if let r = p.remaining { text += String(format: " · about %.0f s left", r.rounded(.up)) }
        return text
    }
}
