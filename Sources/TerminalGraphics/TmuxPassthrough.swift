import Foundation

/// What tmux says about itself and the terminal outside it, asked with
/// `tmux display -p` (the replies to our queries come from tmux, not from
/// the terminal, so they cannot tell).
public struct TmuxInfo: Equatable, Sendable {
    /// "3.3a".
    public var version: String
    /// `allow-passthrough` is on (or "all") for our pane.
    public var passthrough: Bool
    /// The outer terminal: its XTVERSION name ("XTerm(379)") and TERM.
    public var outerType: String
    public var outerTerm: String
    /// The outer terminal's cell size in pixels, when tmux knows it.
    public var cellSize: PixelSize?
    /// Our pane's top-left cell in the outer terminal.
    public var paneRow: Int
    public var paneColumn: Int

    public init(version: String, passthrough: Bool, outerType: String, outerTerm: String, cellSize: PixelSize?,
                paneRow: Int, paneColumn: Int) {
        self.version = version; self.passthrough = passthrough; self.outerType = outerType; self.outerTerm = outerTerm
        self.cellSize = cellSize; self.paneRow = paneRow; self.paneColumn = paneColumn
    }

    static let format = "#{version}|#{client_termtype}|#{client_termname}|#{client_cell_width}|#{client_cell_height}|#{pane_top}|#{pane_left}"

    /// Parses `display -p FORMAT` and `show -Apv allow-passthrough` output.
    public static func parse(display: String, passthrough: String) -> TmuxInfo? {
        let f = display.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 7, !f[0].isEmpty, let top = Int(f[5]), let left = Int(f[6]) else { return nil }
        var cell: PixelSize?
        if let w = Int(f[3]), let h = Int(f[4]), w >= 2, h >= 4, w <= 200, h <= 400 { cell = PixelSize(width: w, height: h) }
        let p = passthrough.trimmingCharacters(in: .whitespacesAndNewlines)
        return TmuxInfo(version: f[0], passthrough: p == "on" || p == "all", outerType: f[1], outerTerm: f[2],
                        cellSize: cell, paneRow: top, paneColumn: left)
    }

    /// Asks the tmux we run in (TMUX is set); nil when it cannot be asked.
    public static func query(environment: [String: String]) -> TmuxInfo? {
        guard environment["TMUX"] != nil else { return nil }
        let pane = environment["TMUX_PANE"]
        var target: [String] = []
        if let pane { target = ["-t", pane] }
        guard let display = run(["display", "-p"] + target + [format]) else { return nil }
        let passthrough = run(["show", "-Apv"] + target + ["allow-passthrough"]) ?? "off"
        return parse(display: display, passthrough: passthrough)
    }

    /// The outer terminal is known to draw sixel (XTerm only when started
    /// as a VT340, which tmux cannot tell: then `--graphics sixel` says so).
    public var outerDrawsSixel: Bool {
        let t = outerType.lowercased() + " " + outerTerm.lowercased()
        return ["foot", "mlterm", "wezterm", "contour", "konsole", "mintty", "yaft", "st-sixel"].contains { t.contains($0) }
    }

    /// How to get pixels here, for the status line (nil when they are on).
    public var hint: String? {
        passthrough ? nil : "tmux: pictures as cells; for pixels: tmux set -g allow-passthrough on"
    }

    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Appends `bytes` for the terminal outside tmux: `ESC P tmux; … ESC \`
    /// with every ESC inside doubled (tmux passes it on when
    /// `allow-passthrough` is on).
    public mutating func appendTmuxPassthrough(_ bytes: [UInt8]) {
        append(contentsOf: [0x1B, 0x50, 0x74, 0x6D, 0x75, 0x78, 0x3B])  // ESC P tmux;
        reserveCapacity(count + bytes.count + bytes.count / 64 + 2)
        for b in bytes {
            if b == 0x1B { append(0x1B) }
            append(b)
        }
        append(contentsOf: [0x1B, 0x5C])
    }
}
