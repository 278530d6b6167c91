import TangleBasics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The queries detection writes, all at once, DA1 last: every terminal
/// answers DA1, so its reply ends the wait.
public enum TerminalQuery {
    /// XTVERSION, XTSMGRAPHICS (colour registers; sixel geometry current and
    /// maximum), kitty graphics query (1×1 RGB), window/cell/text-area sizes,
    /// DECRQM for synchronized output, then DA1.
    public static let all: [UInt8] = Array((
        "\u{1B}[>0q" +
        "\u{1B}[?1;1;0S" + "\u{1B}[?2;1;0S" + "\u{1B}[?2;4;0S" +
        "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\" +
        "\u{1B}[14t" + "\u{1B}[16t" + "\u{1B}[18t" +
        "\u{1B}[?2026$p" +
        "\u{1B}[c").utf8)
}

extension TerminalCapabilities {
    /// Asks the terminal on `input`/`output` what it can show and returns what
    /// it said, the environment and the kernel's window size applied.
    /// A terminal that stays silent costs at most `timeoutMs`; when the
    /// descriptors are not a terminal, only the environment counts.
    public static func detect(input: Int32 = 0, output: Int32 = 1, timeoutMs: Int = 500,
                              environment: [String: String]) -> TerminalCapabilities {
        let replies = isatty(input) == 1 && isatty(output) == 1
            ? query(input: input, output: output, timeoutMs: timeoutMs) : []
        var caps = parse(replies: replies).applying(environment: environment)
        var ws = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &ws) == 0 {
            caps.adoptWindowSize(columns: Int(ws.ws_col), rows: Int(ws.ws_row),
                                 xPixels: Int(ws.ws_xpixel), yPixels: Int(ws.ws_ypixel))
        }
        return caps
    }

    /// Writes `TerminalQuery.all` and returns the raw reply bytes: everything
    /// read until DA1's reply or until `timeoutMs` passed. The terminal is put
    /// in raw mode meanwhile (no echo, no line buffering) and restored.
    public static func query(input: Int32, output: Int32, timeoutMs: Int) -> [UInt8] {
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return [] }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { return [] }
        defer { _ = tcsetattr(input, TCSANOW, &saved) }

        guard writeAll(output, TerminalQuery.all) else { return [] }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Int(monotonicMilliseconds()) + timeoutMs
        while true {
            let left = deadline - Int(monotonicMilliseconds())
            if left <= 0 { break }
            var pfd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(left))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { break }
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
            if TerminalReplyParser.replies(in: received).contains(where: {
                if case .primaryAttributes = $0 { return true } else { return false }
            }) { break }
        }
        return received
    }

}

/// Writes every byte, retrying after EINTR and waiting out EAGAIN.
@discardableResult
public func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return true }
        var offset = 0
        while offset < raw.count {
            let n = write(fd, base + offset, raw.count - offset)
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && errno == EAGAIN {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pfd, 1, 100)
                continue
            }
            return false
        }
        return true
    }
}
