import CNCurses
import CTermGuard
import Foundation
import TerminalGraphics

/// The terminal itself: its terminfo entry (from ncurses), raw input mode,
/// the alternate screen and mouse reporting, its size, and the bytes it
/// sends. It writes only when taking and giving back the screen; while the
/// explorer runs, every byte goes through `TerminalOutput`.
final class TerminalDevice {
    let input: Int32
    let output: Int32
    /// Bytes that set the screen up: alternate screen, cursor hidden, mouse
    /// reporting (buttons, drags, SGR coordinates), auto-wrap off (a write
    /// composed for a larger screen, landing just after a resize, can then
    /// never wrap and scroll the screen), cleared.
    let enterSequence: String
    /// Bytes that undo all of it (also written by the signal and crash paths).
    let leaveSequence: String
    private var active = false

    /// Looks the terminal up in the terminfo database; throws with a
    /// message a person can act on when it is unknown.
    init(input: Int32 = 0, output: Int32 = 1) throws {
        self.input = input
        self.output = output
        let name = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if name.isEmpty || name == "dumb" {
            throw ScreenError("TERM=\(name.isEmpty ? "(unset)" : name) cannot show the explorer; run it in a real terminal (TERM=xterm-256color or similar)")
        }
        var status: Int32 = 0
        guard setupterm(nil, output, &status) == OK, status == 1 else {
            throw ScreenError("this terminal (TERM=\(name)) is not in the terminfo database; set TERM, e.g. xterm-256color")
        }
        func cap(_ id: String, _ fallback: String) -> String {
            guard let p = tigetstr(id), Int(bitPattern: p) != -1, Int(bitPattern: p) != 0 else { return fallback }
            let s = String(cString: p)
            // Padding and delays ($<5>) are for hardware terminals; leave them out.
            return s.replacingOccurrences(of: #"\$<[0-9.*/]+>"#, with: "", options: .regularExpression)
        }
        let mouseOn = "\u{1B}[?1000h\u{1B}[?1002h\u{1B}[?1006h"
        let mouseOff = "\u{1B}[?1006l\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1000l"
        enterSequence = cap("smcup", "\u{1B}[?1049h") + cap("civis", "\u{1B}[?25l") + mouseOn + "\u{1B}[?7l\u{1B}[0m\u{1B}[H\u{1B}[2J"
        leaveSequence = mouseOff + "\u{1B}[?2026l\u{1B}[?7h\u{1B}[0m" + cap("cnorm", "\u{1B}[?25h") + cap("rmcup", "\u{1B}[?1049l") + "\r\n"
    }

    /// Raw mode (no line editing, no echo, CR kept apart from LF; Ctrl-C and
    /// Ctrl-Z still signal) and the screen set up.
    func begin() {
        var t = termios()
        if tcgetattr(input, &t) == 0 {
            t.c_lflag &= ~tcflag_t(ICANON | ECHO | IEXTEN)
            t.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | IGNCR)
            withUnsafeMutableBytes(of: &t.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
            tcsetattr(input, TCSANOW, &t)
        }
        setNonBlocking(true)
        write(enterSequence)
        termguard_set_running_state(enterSequence)
        active = true
    }

    /// Input non-blocking (the loop reads only what `poll` said is there).
    /// Again after Ctrl-Z and `fg`: the file description is the shell's
    /// too, and the shell clears the flag while it has the terminal.
    func setNonBlocking(_ on: Bool) {
        let flags = fcntl(input, F_GETFL)
        _ = fcntl(input, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK)
    }

    /// Gives the terminal back as it was (termguard saved it at install).
    func end() {
        guard active else { return }
        active = false
        setNonBlocking(false)
        termguard_restore()
    }

    /// Rows, columns and (when the terminal tells) pixels.
    func geometry() -> TerminalGeometry {
        var ws = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
            return TerminalGeometry(columns: Int(ws.ws_col), rows: Int(ws.ws_row), xPixels: Int(ws.ws_xpixel), yPixels: Int(ws.ws_ypixel))
        }
        return TerminalGeometry(columns: 80, rows: 24)
    }

    /// What the terminal has sent, without waiting; nil when it is gone (hang-up).
    func read() -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]); if n < chunk.count { break } else { continue } }
            if n == 0 { return out.isEmpty ? nil : out }
            if errno == EINTR { continue }
            if errno == EAGAIN { break }
            return out.isEmpty ? nil : out
        }
        return out
    }

    private func write(_ s: String) {
        writeAll(output, Array(s.utf8))
    }
}

/// Why the screen could not be taken.
public struct ScreenError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
