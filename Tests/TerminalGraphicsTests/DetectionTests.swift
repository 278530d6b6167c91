#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TerminalGraphics

/// Detection over a real pseudo-terminal: a thread plays the terminal.
@Suite(.serialized) struct DetectionTests {
    /// A pty pair: the test holds the terminal side (master), detection uses the slave.
    static func openPair() throws -> (master: Int32, slave: Int32) {
        // /dev/ptmx by hand: Glibc's module leaves posix_openpt/grantpt/ptsname out.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw TerminalGraphicsError("no /dev/ptmx") }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let tiocsptlck: UInt = 0x4004_5431, tiocgptn: UInt = 0x8004_5430   // Linux _IOW/_IOR('T', 0x31/0x30, int)
        guard ioctl(master, tiocsptlck, &unlock) == 0, ioctl(master, tiocgptn, &number) == 0 else {
            throw TerminalGraphicsError("cannot unlock the pty")
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw TerminalGraphicsError("cannot open /dev/pts/\(number)") }
        var ws = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 900, ws_ypixel: 720)
        _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
        return (master, slave)
    }

    @Test func answeringTerminalEndsTheWaitAtDA1() throws {
        let (master, slave) = try Self.openPair()
        defer { close(master); close(slave) }
        let reply = try TerminalCapabilitiesTests.replies("foot-1.13.1")
        let terminal = Thread {
            // Read until the DA1 query arrives, then answer everything at once.
            var seen: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1024)
            while !seen.suffix(3).elementsEqual(Array("\u{1B}[c".utf8)) {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { return }
                seen += buffer[0..<n]
            }
            _ = reply.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        }
        terminal.start()
        let start = Date()
        let caps = TerminalCapabilities.detect(input: slave, output: slave, timeoutMs: 3000,
                                               environment: ["TERM": "foot"])
        let elapsed = Date().timeIntervalSince(start)
        #expect(caps.sixel && caps.answered && caps.terminalVersion == "foot(1.13.1)")
        #expect(caps.cellSize == PixelSize(width: 9, height: 18), "TIOCGWINSZ pixels win when sane")
        #expect(caps.textArea == CellSize(columns: 100, rows: 40))
        #expect(elapsed < 2.5, "DA1 ends the wait, not the timeout")
    }

    @Test func silentTerminalCostsOnlyTheTimeout() throws {
        let (master, slave) = try Self.openPair()
        defer { close(master); close(slave) }
        let start = Date()
        let caps = TerminalCapabilities.detect(input: slave, output: slave, timeoutMs: 200, environment: [:])
        let elapsed = Date().timeIntervalSince(start)
        #expect(!caps.answered && !caps.sixel)
        #expect(elapsed >= 0.19 && elapsed < 2.0)
        #expect(caps.textArea == CellSize(columns: 100, rows: 40))
        // The terminal side received the queries, DA1 last.
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        #expect(n > 0 && Array(buffer[0..<max(0, n)]).suffix(3) == ArraySlice(Array("\u{1B}[c".utf8)))
    }

    @Test func notATerminalUsesTheEnvironmentOnly() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let caps = TerminalCapabilities.detect(input: fds[0], output: fds[1], timeoutMs: 5000,
                                               environment: ["COLORTERM": "truecolor", "TMUX": "x"])
        #expect(!caps.answered && caps.truecolor && caps.multiplexer == .tmux)
    }
}
