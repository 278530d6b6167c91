import Testing
import TangleBasics
@testable import TUI

@Suite struct InputParserTests {
    func keys(_ s: String, now: Double = 0) -> [TerminalInput] {
        var p = InputParser()
        return p.feed(Array(s.utf8), now: now) + p.flush(now: now + 1)
    }

    @Test func cursorKeysInBothForms() {
        #expect(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [.key(.up), .key(.down), .key(.right), .key(.left)])
        #expect(keys("\u{1B}OA\u{1B}OD") == [.key(.up), .key(.left)])
        #expect(keys("\u{1B}[1;2A\u{1B}[1;2C") == [.key(.shiftUp), .key(.shiftRight)])
        #expect(keys("\u{1B}[Z\u{1B}[5~\u{1B}[3~") == [.key(.backTab), .key(.pageUp), .key(.delete)])
    }

    @Test func controlBytesAndText() {
        #expect(keys("a\r\t\u{7F}\u{12}") == [.key(.char("a")), .key(.enter), .key(.tab), .key(.backspace), .key(.control("r"))])
        #expect(keys("Valé") == ["V", "a", "l", "é"].map { .key(.char(Unicode.Scalar($0)!)) })
    }

    @Test func utf8SplitAcrossReads() {
        var p = InputParser()
        let bytes = Array("ü€".utf8)
        var out = p.feed(bytes[0..<1], now: 0)
        #expect(out.isEmpty)
        out += p.feed(bytes[1..<3], now: 0.001)
        out += p.feed(bytes[3...], now: 0.002)
        #expect(out == [.key(.char("ü")), .key(.char("€"))])
    }

    @Test func loneEscapeWaitsThenCounts() {
        var p = InputParser()
        #expect(p.feed([0x1B], now: 10).isEmpty)
        #expect(p.pendingDeadline == 10 + InputParser.escapeDelay)
        #expect(p.flush(now: 10.001).isEmpty)  // not yet
        #expect(p.flush(now: 10.03) == [.key(.escape)])
        #expect(p.pendingDeadline == nil)
        // An escape sequence split across reads is one key, not Escape then "[A".
        #expect(p.feed([0x1B, 0x5B], now: 11).isEmpty)
        #expect(p.feed([0x41], now: 11.01) == [.key(.up)])
        // Escape typed just before a key arrives in one read: both.
        #expect(p.feed(Array("\u{1B}q".utf8), now: 12) == [.key(.escape), .key(.char("q"))])
    }

    @Test func sgrMouseReports() {
        let press = keys("\u{1B}[<0;11;6M")
        #expect(press == [.mouse(MouseEvent(kind: .press, column: 10, row: 5, button: 1))])
        #expect(keys("\u{1B}[<0;11;6m") == [.mouse(MouseEvent(kind: .release, column: 10, row: 5, button: 1))])
        #expect(keys("\u{1B}[<32;12;6M") == [.mouse(MouseEvent(kind: .drag, column: 11, row: 5, button: 1))])
        #expect(keys("\u{1B}[<64;3;4M\u{1B}[<65;3;4M") == [.mouse(MouseEvent(kind: .wheelUp, column: 2, row: 3)),
                                                           .mouse(MouseEvent(kind: .wheelDown, column: 2, row: 3))])
        #expect(keys("\u{1B}[<4;1;1M") == [.mouse(MouseEvent(kind: .press, column: 0, row: 0, button: 1, shift: true))])
    }

    @Test func x10MouseReport() {
        var bytes: [UInt8] = [0x1B, 0x5B, 0x4D, 32 + 0, 32 + 5, 32 + 3]
        var p = InputParser()
        #expect(p.feed(bytes, now: 0) == [.mouse(MouseEvent(kind: .press, column: 4, row: 2, button: 1))])
        bytes = [0x1B, 0x5B, 0x4D, 32 + 3, 32 + 5, 32 + 3]
        #expect(p.feed(bytes, now: 0) == [.mouse(MouseEvent(kind: .release, column: 4, row: 2, button: 0))])
    }

    @Test func terminalReplies() {
        #expect(keys("\u{1B}[12;40R") == [.reply(.cursorPosition(row: 12, column: 40))])
        #expect(keys("\u{1B}[?63;1;4c") == [.reply(.deviceAttributes([63, 1, 4]))])
    }

    @Test func lateRepliesAreNotKeys() {
        // XTVERSION, a kitty graphics answer and an OSC colour reply, as they
        // arrive when detection stopped waiting: none of their letters is a key.
        var p = InputParser()
        var out = p.feed(Array("\u{1B}P>|tmux 3.3a".utf8), now: 0)
        out += p.feed(Array("\u{1B}\\q".utf8), now: 0.001)
        out += p.feed(Array("\u{1B}_Gi=1;OK\u{1B}\\\u{1B}]11;rgb:0000/0000/0000\u{7}a".utf8), now: 0.002)
        out += p.flush(now: 1)
        #expect(out == [.key(.char("q")), .key(.char("a"))])
    }

    @Test func garbageNeverHangsOrCrashes() {
        var rng = SplitMix64(seed: 7)
        var p = InputParser()
        let alphabet: [UInt8] = [0x1B, 0x5B, 0x3C, 0x3B, 0x4D, 0x41, 0x30, 0x39, 0xC3, 0xFF, 0x80]
        for round in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<rng.below(12) { bytes.append(alphabet[rng.below(alphabet.count)]) }
            _ = p.feed(bytes, now: Double(round))
            _ = p.flush(now: Double(round) + 1)
        }
        #expect(p.pendingDeadline == nil)
    }
}
