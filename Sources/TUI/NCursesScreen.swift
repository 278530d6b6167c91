import CNCurses
import Foundation

/// A key or mouse report from the terminal.
public enum InputEvent: Equatable, Sendable {
    case key(Int32)
    /// A character typed (for search text).
    case text(Character)
    case mouse(MouseEvent)
    case resize
}

public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case press, release, drag, move, wheelUp, wheelDown }
    public var kind: Kind
    public var column: Int
    public var row: Int
    public var button: Int
    public var shift = false, control = false, alt = false
}

/// The only place that talks to ncurses: sets the terminal up, paints a
/// `ScreenBuffer` (changed cells only), reads keys and mouse, and gives the
/// terminal back exactly as it was.
public final class NCursesScreen {
    public private(set) var columns = 0
    public private(set) var rows = 0
    public private(set) var hasColors = false
    private var previous: ScreenBuffer?
    private var active = false
    private var mouseDown = false

    public init() {}

    /// Takes the screen. Call `end()` on every exit path. Throws (leaving the
    /// terminal untouched) when the terminal type is unknown or unusable.
    public func begin() throws {
        setlocale(LC_ALL, "")
        // Our own SIGWINCH handler is installed first (TerminalGuard), so
        // ncurses leaves resizing to us; ESC must not wait a second.
        setenv("ESCDELAY", "25", 0)
        guard let out = fdopen(dup(1), "w"), let input = fdopen(dup(0), "r") else {
            throw ScreenError("cannot open the terminal")
        }
        guard let term = newterm(nil, out, input) else {
            let name = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw ScreenError("this terminal (TERM=\(name)) cannot be driven by ncurses; set TERM, e.g. xterm-256color")
        }
        set_term(term)
        cbreak()
        noecho()
        nonl()
        keypad(tangle_stdscr(), true)
        nodelay(tangle_stdscr(), true)
        curs_set(0)
        mousemask(tangle_all_mouse_events(), nil)
        mouseinterval(0)
        hasColors = has_colors()
        if hasColors {
            start_color()
            use_default_colors()
            setupPairs()
        }
        active = true
        updateSize()
    }

    /// Gives the terminal back.
    public func end() {
        guard active else { return }
        active = false
        mousemask(0, nil)
        endwin()
    }

    deinit { end() }

    public func updateSize() {
        var ws = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
            if Int(ws.ws_col) != Int(tangle_cols()) || Int(ws.ws_row) != Int(tangle_lines()) {
                resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
            }
        }
        columns = Int(tangle_cols())
        rows = Int(tangle_lines())
        previous = nil
    }

    /// Forces a full repaint at the next `draw` (after Ctrl-Z/fg, or when an
    /// image may have been drawn over text).
    public func invalidate() {
        previous = nil
        clearok(tangle_stdscr(), true)
    }

    /// Paints the cells that differ from the last frame and flushes.
    public func draw(_ buffer: ScreenBuffer) {
        guard active else { return }
        let full = previous == nil || previous!.width != buffer.width || previous!.height != buffer.height
        for y in 0..<min(buffer.height, rows) {
            for x in 0..<min(buffer.width, columns) {
                let cell = buffer[x, y]
                if !full && previous![x, y] == cell { continue }
                // The last cell of the last row would scroll some terminals.
                if y == rows - 1 && x == columns - 1 { continue }
                let (attrs, pair) = attributes(cell.style)
                let scalar = cell.char.unicodeScalars.first.map { wchar_t(bitPattern: $0.value) } ?? 0x20
                tangle_put_cell(Int32(y), Int32(x), scalar, attrs, pair)
            }
        }
        previous = buffer
        wnoutrefresh(tangle_stdscr())
        doupdate()
    }

    /// Reads all pending input without waiting.
    public func readInput() -> [InputEvent] {
        var events: [InputEvent] = []
        while true {
            var wch: wint_t = 0
            let status = wget_wch(tangle_stdscr(), &wch)
            if status == ERR { break }
            if status == KEY_CODE_YES {
                let code = Int32(wch)
                if code == tangle_key_mouse() {
                    if let m = mouse() { events.append(.mouse(m)) }
                } else if code == tangle_key_resize() {
                    events.append(.resize)
                } else {
                    events.append(.key(code))
                }
            } else {
                let v = UInt32(wch)
                if v >= 0x20 && v != 0x7F, let scalar = Unicode.Scalar(v) {
                    events.append(.text(Character(scalar)))
                }
                events.append(.key(Int32(bitPattern: v)))
            }
        }
        return events
    }

    private func mouse() -> MouseEvent? {
        var me = MEVENT()
        guard getmouse(&me) == OK else { return nil }
        var button: Int32 = 0, mods: Int32 = 0
        let code = tangle_decode_mouse(me.bstate, &button, &mods)
        let kind: MouseEvent.Kind
        switch code {
        case 1: kind = .press; mouseDown = true
        case 2: kind = .release; mouseDown = false
        case 3: kind = .release; mouseDown = false
        case 4: kind = .wheelUp
        case 5: kind = .wheelDown
        default: kind = mouseDown ? .drag : .move
        }
        return MouseEvent(kind: kind, column: Int(me.x), row: Int(me.y), button: Int(button),
                          shift: mods & 1 != 0, control: mods & 2 != 0, alt: mods & 4 != 0)
    }

    // MARK: colours

    private func setupPairs() {
        // Colour pairs by Style raw value + 1; -1 is the terminal's default.
        let table: [(ScreenBuffer.Style, Int16, Int16)] = [
            (.normal, -1, -1), (.dim, 8, -1), (.title, 6, -1), (.key, 3, -1), (.value, -1, -1),
            (.accent, 5, -1), (.warning, 3, -1), (.error, 1, -1), (.selected, 2, -1), (.inverse, 0, 7),
        ]
        for (style, fg, bg) in table {
            let fgc = tangle_colors() > 8 || fg < 8 ? fg : 7
            init_pair(Int16(style.rawValue) + 1, fgc, bg)
        }
    }

    private func attributes(_ style: ScreenBuffer.Style) -> (Int32, Int16) {
        let pair: Int16 = hasColors ? Int16(style.rawValue) + 1 : 0
        switch style {
        case .title, .key, .selected, .error: return (tangle_attr_bold(), pair)
        case .dim: return (hasColors && tangle_colors() > 8 ? 0 : tangle_attr_dim(), pair)
        case .inverse: return (hasColors ? 0 : tangle_attr_reverse(), pair)
        default: return (0, pair)
        }
    }
}

/// Why the screen could not be taken.
public struct ScreenError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
