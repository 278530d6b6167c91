import Foundation
import Testing
@testable import TerminalGraphics

/// Capability parsing on replies recorded from real terminals (Tests/Fixtures/terminals).
@Suite struct TerminalCapabilitiesTests {
    static func replies(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/terminals/\(name).replies")
        return Array(try Data(contentsOf: url))
    }

    @Test func xtermAsVT340HasSixelWithItsLimits() throws {
        let caps = TerminalCapabilities.parse(replies: try Self.replies("xterm-379-vt340"))
        #expect(caps.answered && caps.sixel && !caps.kittyGraphics)
        #expect(caps.sixelColorRegisters == 256)
        #expect(caps.sixelMaxSize == PixelSize(width: 2000, height: 2000), "maximum, not the current 600×520")
        #expect(caps.terminalVersion == "XTerm(379)")
        #expect(caps.primaryAttributes.first == 63)
        #expect(!caps.synchronizedOutput, "xterm 379 answers DECRQM 2026 with 0: not recognised")
        #expect(caps.cellSize == nil, "xterm refuses window ops by default; TIOCGWINSZ supplies it")
        #expect(GraphicsMode.auto.resolved(for: caps) == .sixel)
    }

    @Test func xtermByDefaultHasNoSixel() throws {
        let caps = TerminalCapabilities.parse(replies: try Self.replies("xterm-379-default"))
        #expect(caps.answered && !caps.sixel && caps.sixelColorRegisters == nil)
        #expect(GraphicsMode.auto.resolved(for: caps) == .blocks)
    }

    @Test func mlterm() throws {
        let caps = TerminalCapabilities.parse(replies: try Self.replies("mlterm-3.9.0"))
        #expect(caps.sixel && caps.sixelColorRegisters == 1024)
        #expect(caps.sixelMaxSize == nil, "mlterm fails the geometry queries")
        #expect(caps.cellSize == PixelSize(width: 10, height: 19))
        #expect(caps.windowSize == PixelSize(width: 800, height: 456))
        #expect(caps.textArea == CellSize(columns: 80, rows: 24))
        #expect(caps.terminalVersion == nil)
    }

    @Test func foot() throws {
        let caps = TerminalCapabilities.parse(replies: try Self.replies("foot-1.13.1"))
        #expect(caps.sixel && caps.sixelColorRegisters == 1024)
        #expect(caps.sixelMaxSize == PixelSize(width: 10000, height: 10000))
        #expect(caps.cellSize == PixelSize(width: 7, height: 14))
        #expect(caps.synchronizedOutput && caps.truecolor)
        #expect(caps.terminalVersion == "foot(1.13.1)")
    }

    @Test func kitty() throws {
        let caps = TerminalCapabilities.parse(replies: try Self.replies("kitty-0.26.5"))
        #expect(caps.kittyGraphics && !caps.sixel)
        #expect(caps.cellSize == PixelSize(width: 9, height: 18))
        #expect(caps.synchronizedOutput && caps.truecolor)
        #expect(caps.primaryAttributes == [62])
        #expect(GraphicsMode.auto.resolved(for: caps) == .kitty)
    }

    @Test func wezTerm() throws {
        let caps = TerminalCapabilities.parse(replies: try Self.replies("wezterm-20240203"))
        #expect(caps.sixel && caps.sixelColorRegisters == 256, "DA1 has 4, XTSMGRAPHICS silent: assume 256")
        #expect(caps.cellSize == PixelSize(width: 8, height: 16))
        #expect(caps.terminalVersion?.hasPrefix("WezTerm") == true && caps.truecolor)
        #expect(GraphicsMode.auto.resolved(for: caps) == .sixel)
    }

    @Test func tmuxAnswersForItself() throws {
        let caps = TerminalCapabilities.parse(replies: try Self.replies("tmux-3.3a-in-xterm"))
        #expect(caps.multiplexer == .tmux, "XTVERSION names tmux")
        #expect(!caps.sixel, "tmux 3.3a has no sixel even inside a sixel xterm")
        // tmux 3.3a sent CSI 8;100;39 t for a 100×39 pane (columns first): not believed.
        #expect(caps.textArea == nil)
        #expect(GraphicsMode.auto.resolved(for: caps) == .blocks)
    }

    @Test func multiplexersStopKittyAndScreenStopsSixel() {
        var caps = TerminalCapabilities()
        caps.kittyGraphics = true; caps.sixel = true
        let inTmux = caps.applying(environment: ["TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"])
        #expect(inTmux.multiplexer == .tmux && !inTmux.kittyGraphics && inTmux.sixel)
        let inScreen = caps.applying(environment: ["STY": "123.pts-0", "TERM": "screen"])
        #expect(inScreen.multiplexer == .screen && !inScreen.kittyGraphics && !inScreen.sixel)
        let plain = caps.applying(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"])
        #expect(plain.multiplexer == .none && plain.kittyGraphics && plain.truecolor)
    }

    @Test func keysTypedDuringDetectionAreIgnored() {
        var bytes = Array("jk\u{1B}[A".utf8)   // typed text and an arrow key (CSI A)
        bytes += Array("\u{1B}[?62;4;22c".utf8)
        let caps = TerminalCapabilities.parse(replies: bytes)
        #expect(caps.sixel && caps.primaryAttributes == [62, 4, 22])
    }

    @Test func eightBitRepliesAndTruncation() {
        let caps = TerminalCapabilities.parse(replies: [0x9B] + Array("?64;4c".utf8))
        #expect(caps.sixel)
        let cut = TerminalCapabilities.parse(replies: Array("\u{1B}[?1;0;25".utf8))
        #expect(!cut.answered && cut.sixelColorRegisters == nil)
        let garbage = TerminalCapabilities.parse(replies: (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        #expect(garbage.cellSize == nil || garbage.cellSize!.width > 0)
    }

    @Test func windowSizeFromTheKernelWhenSane() {
        var caps = TerminalCapabilities()
        caps.adoptWindowSize(columns: 100, rows: 40, xPixels: 600, yPixels: 520)
        #expect(caps.cellSize == PixelSize(width: 6, height: 13))
        var zero = TerminalCapabilities()
        zero.cellSize = PixelSize(width: 9, height: 18)
        zero.adoptWindowSize(columns: 100, rows: 40, xPixels: 0, yPixels: 0)
        #expect(zero.cellSize == PixelSize(width: 9, height: 18), "ws_xpixel 0 is not believed")
    }

    @Test func graphicsOverride() throws {
        #expect(try GraphicsMode.parse("SIXEL") == .sixel)
        #expect(try GraphicsMode.parse("braille") == .braille)
        #expect(throws: TerminalGraphicsError.self) { try GraphicsMode.parse("png") }
        var kitty = TerminalCapabilities(); kitty.kittyGraphics = true
        #expect(GraphicsMode.blocks.resolved(for: kitty) == .blocks, "an explicit choice stands")
        #expect(GraphicsMode.none.resolved(for: kitty) == .none)
    }
}

@Suite struct HostileReplyTests {
    @Test func aVersionReplyCarriesNoControlCharacters() {
        // Something answering in the terminal's place puts SOH, C1 CSI and DEL in its "name".
        let reply: [UInt8] = [0x1B, 0x50, 0x3E, 0x7C] + Array("evil".utf8) + [0x01, 0xC2, 0x9B, 0x7F] + Array("2J".utf8) + [0x1B, 0x5C]
        let version = TerminalCapabilities.parse(replies: reply).terminalVersion
        #expect(version == "evil2J")
    }
}
