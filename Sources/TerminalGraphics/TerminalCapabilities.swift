/// What the terminal can show, learnt from its replies to queries (see
/// `parse(replies:)`, pure) and from the environment (`applying(environment:)`).
/// `detect(input:output:timeoutMs:environment:)` does the talking.
public struct TerminalCapabilities: Sendable, Equatable {
    /// The terminal multiplexer between us and the terminal, if any.
    public enum Multiplexer: String, Sendable { case none, tmux, screen }

    /// DA1 listed attribute 4 (sixel graphics).
    public var sixel = false
    /// Sixel colour registers (XTSMGRAPHICS Pi=1); 256 assumed when DA1 has 4 but the query is silent.
    public var sixelColorRegisters: Int?
    /// The largest sixel image shown (XTSMGRAPHICS Pi=2: maximum when the
    /// terminal tells it, else the current geometry). Larger images are
    /// silently dropped by xterm.
    public var sixelMaxSize: PixelSize?
    /// The terminal answered the kitty graphics query with OK.
    public var kittyGraphics = false
    /// Pixels of one cell (ESC [ 16 t, or TIOCGWINSZ when detecting).
    public var cellSize: PixelSize?
    /// The text area in pixels (ESC [ 14 t).
    public var windowSize: PixelSize?
    /// The text area in cells (ESC [ 18 t, or TIOCGWINSZ).
    public var textArea: CellSize?
    /// Synchronized output (mode 2026) is recognised (DECRPM).
    public var synchronizedOutput = false
    /// 24-bit colour (COLORTERM, or a terminal known to have it).
    public var truecolor = false
    /// XTVERSION's answer, e.g. "XTerm(379)", "tmux 3.3a".
    public var terminalVersion: String?
    /// DA1's parameters (first is the device class).
    public var primaryAttributes: [Int] = []
    /// The terminal answered DA1 (every live terminal does).
    public var answered = false
    /// Which multiplexer we run in.
    public var multiplexer: Multiplexer = .none
    /// Inside tmux with `allow-passthrough`: pictures go to the terminal
    /// outside wrapped for passthrough, placed at our pane's origin there.
    public var passthroughOrigin: CellOrigin?

    public init() {}

    /// Capabilities from a terminal's recorded replies to `TerminalQuery.all`.
    public static func parse(replies: [UInt8]) -> TerminalCapabilities {
        var caps = TerminalCapabilities()
        var geometry: [PixelSize?] = []
        for reply in TerminalReplyParser.replies(in: replies) {
            switch reply {
            case .primaryAttributes(let params):
                caps.answered = true
                caps.primaryAttributes = params
                caps.sixel = params.dropFirst().contains(4)
            case .graphicsAttribute(let item, let status, let values):
                if item == 1 {
                    if status == 0, let n = values.first, n > 0 { caps.sixelColorRegisters = n }
                } else if item == 2 {
                    geometry.append(status == 0 && values.count >= 2 && values[0] > 0 && values[1] > 0
                                    ? PixelSize(width: values[0], height: values[1]) : nil)
                }
            case .kitty(let message):
                if message.hasPrefix("OK") { caps.kittyGraphics = true }
            case .windowReport(let kind, let a, let b):
                switch kind {
                case 6 where a > 0 && b > 0: caps.cellSize = PixelSize(width: b, height: a)
                case 4 where a > 0 && b > 0: caps.windowSize = PixelSize(width: b, height: a)
                case 8 where a > 0 && b > 0: caps.textArea = CellSize(columns: b, rows: a)
                default: break
                }
            case .modeReport(let mode, let value):
                if mode == 2026 { caps.synchronizedOutput = (1...3).contains(value) }
            case .version(let text):
                caps.terminalVersion = text
            }
        }
        // Queries go out as current geometry then maximum; the maximum wins when given.
        if let maximum = geometry.count > 1 ? geometry[1] : nil {
            caps.sixelMaxSize = maximum
        } else if let current = geometry.first ?? nil {
            caps.sixelMaxSize = current
        }
        if caps.sixel && caps.sixelColorRegisters == nil { caps.sixelColorRegisters = 256 }
        if caps.cellSize == nil, let window = caps.windowSize, let area = caps.textArea,
           area.columns > 0, area.rows > 0 {
            caps.cellSize = PixelSize(width: window.width / area.columns, height: window.height / area.rows)
        }
        if let version = caps.terminalVersion?.lowercased() {
            if version.hasPrefix("tmux") {
                caps.multiplexer = .tmux
                // tmux 3.3a answers CSI 18 t with columns and rows swapped (recorded); TIOCGWINSZ is right.
                caps.textArea = nil
            }
            if ["kitty", "wezterm", "foot", "ghostty", "mlterm", "contour", "konsole"]
                .contains(where: version.hasPrefix) { caps.truecolor = true }
        }
        if caps.kittyGraphics { caps.truecolor = true }
        return caps
    }

    /// These capabilities adjusted by the environment: TMUX/STY/TERM name the
    /// multiplexer, COLORTERM and TERM tell about colour.
    ///
    /// Inside tmux or screen the replies come from the multiplexer: DA1 lists
    /// sixel only when tmux itself draws sixel (≥ 3.4 built with it), so that
    /// part holds as parsed. Kitty graphics never passes through (placements
    /// would not follow panes), so it is off there.
    public func applying(environment env: [String: String]) -> TerminalCapabilities {
        var caps = self
        let term = env["TERM"] ?? ""
        if env["TMUX"] != nil || term.hasPrefix("tmux") {
            caps.multiplexer = .tmux
        } else if env["STY"] != nil || term.hasPrefix("screen") {
            caps.multiplexer = caps.multiplexer == .tmux ? .tmux : .screen
        }
        if caps.multiplexer != .none { caps.kittyGraphics = false }
        if caps.multiplexer == .screen { caps.sixel = false }
        let colorterm = (env["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" || term.hasSuffix("-direct")
            || term == "xterm-kitty" || ["WezTerm", "ghostty", "iTerm.app"].contains(env["TERM_PROGRAM"] ?? "") {
            caps.truecolor = true
        }
        return caps
    }

    /// Chooses the cell size: the kernel's (TIOCGWINSZ pixels over cells)
    /// when sane — at least 2×4 pixels a cell — else the terminal's reply.
    public mutating func adoptWindowSize(columns: Int, rows: Int, xPixels: Int, yPixels: Int) {
        if columns > 0 && rows > 0 {
            textArea = CellSize(columns: columns, rows: rows)
            if xPixels >= 2 * columns && yPixels >= 4 * rows {
                cellSize = PixelSize(width: xPixels / columns, height: yPixels / rows)
            }
        }
    }
}

/// A size in pixels.
public struct PixelSize: Equatable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
    public var description: String { "\(width)x\(height)" }
}

/// A size in cells.
public struct CellSize: Equatable, Sendable {
    public var columns: Int
    public var rows: Int
    public init(columns: Int, rows: Int) { self.columns = columns; self.rows = rows }
}

/// A cell position, 0-based.
public struct CellOrigin: Equatable, Sendable {
    public var row: Int
    public var column: Int
    public init(row: Int, column: Int) { self.row = row; self.column = column }
}
