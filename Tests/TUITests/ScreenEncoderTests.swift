import Testing
import TangleBasics
@testable import TUI

@Suite struct ScreenEncoderTests {
    /// Applies the encoder's bytes to an in-memory terminal and checks that
    /// every cell shows what the buffer says.
    func expectShows(_ vt: VirtualTerminal, _ b: ScreenBuffer, _ encoder: ScreenEncoder = ScreenEncoder(),
                     sourceLocation: SourceLocation = #_sourceLocation) {
        for y in 0..<b.height {
            for x in 0..<b.width where b[x, y].style != .image && b[x, y].scalar != ScreenBuffer.continuation {
                if y == b.height - 1 && x == b.width - 1 { continue }
                #expect(vt.shows(b[x, y], at: x, y, encoder: encoder), "cell \(x),\(y): \(vt[x, y]) vs \(b[x, y])",
                        sourceLocation: sourceLocation)
            }
        }
        #expect(vt.replacementCharacters == 0, sourceLocation: sourceLocation)
        #expect(vt.unknownSequences == 0, sourceLocation: sourceLocation)
    }

    func randomBuffer(_ rng: inout SplitMix64, width: Int, height: Int) -> ScreenBuffer {
        var b = ScreenBuffer(width: width, height: height)
        let words = ["Valjean", "Cosette", "·", "│", "▀", "日本語", "naïve", "e\u{301}", "━━", "▏"]
        for _ in 0..<(width * height / 6) {
            let x = rng.below(width), y = rng.below(height)
            let style = ScreenBuffer.Style.allCases[rng.below(ScreenBuffer.Style.allCases.count - 1)]
            let colored = rng.below(3) == 0
            b.text(words[rng.below(words.count)], x: x, y: y, style: style,
                   fg: colored ? UInt32(rng.next() & 0xFFFFFF) : ScreenBuffer.Cell.styleColor,
                   bg: colored ? UInt32(rng.next() & 0xFFFFFF) : ScreenBuffer.Cell.styleColor)
        }
        return b
    }

    @Test func diffsBringTheTerminalToEveryBuffer() {
        var rng = SplitMix64(seed: 42)
        for truecolor in [true, false] {
            let encoder = ScreenEncoder(truecolor: truecolor)
            var vt = VirtualTerminal(width: 40, height: 12)
            var previous: ScreenBuffer? = nil
            for _ in 0..<60 {
                let b = randomBuffer(&rng, width: 40, height: 12)
                var out: [UInt8] = []
                encoder.encode(from: previous, to: b, into: &out)
                vt.apply(out)
                expectShows(vt, b, encoder)
                previous = b
            }
        }
    }

    @Test func withoutAUTF8LocaleOnlyASCIIIsWritten() {
        // No UTF-8 locale to switch to: ASCII only, never a Latin-1 byte.
        #expect(TextLocale.choose(environment: ["LANG": "C"], candidates: ["xx_NOPE.UTF-8"]) == .ascii(locale: "C"))
        #expect(TextLocale.choose(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"], candidates: ["C.UTF-8"])
                == .switched(from: "C", to: "C.UTF-8"))
        #expect(TextLocale.choose(environment: ["LANG": "C.UTF-8"]) == .utf8)
        var b = ScreenBuffer(width: 60, height: 4)
        b.text("degree  min 1 · mean 6.60 │ ≤ 5 → ok …", x: 0, y: 0, style: .value)
        b.text("▀▀▄█ 漢字 é", x: 0, y: 1, style: .normal)
        var out: [UInt8] = []
        ScreenEncoder(asciiOnly: true).encode(from: nil, to: b, into: &out)
        #expect(out.allSatisfy { $0 < 0x80 })
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains("min 1 . mean 6.60 | ~ 5 > ok ."))
        #expect(!text.contains("\u{FFFD}"))
        var utf8: [UInt8] = []
        ScreenEncoder().encode(from: nil, to: b, into: &utf8)
        #expect(String(decoding: utf8, as: UTF8.self).contains("min 1 · mean 6.60 │"))
    }

    @Test func unchangedScreenWritesNothingAndOneCellIsSmall() {
        var b = ScreenBuffer(width: 80, height: 24)
        b.text("nodes 77", x: 50, y: 1, style: .value)
        var out: [UInt8] = []
        ScreenEncoder().encode(from: nil, to: b, into: &out)
        var again: [UInt8] = []
        let r = ScreenEncoder().encode(from: b, to: b, into: &again)
        #expect(again.isEmpty && r.cellsWritten == 0)
        var c = b
        c.text("8", x: 57, y: 1, style: .value)
        var one: [UInt8] = []
        #expect(ScreenEncoder().encode(from: b, to: c, into: &one).cellsWritten == 1)
        #expect(one.count < 24, "\(one.count) bytes for one cell")
    }

    @Test func controlCharactersFromInputNeverReachTheTerminal() {
        var b = ScreenBuffer(width: 30, height: 2)
        b.text("evil\u{1B}]0;owned\u{7}\u{9B}x", x: 0, y: 0)
        var out: [UInt8] = []
        ScreenEncoder().encode(from: nil, to: b, into: &out)
        // Only the encoder's own escapes: CUP, SGR, and the clear at the start.
        let text = String(decoding: out, as: UTF8.self)
        #expect(!text.contains("\u{1B}]"))
        #expect(!out.contains(0x9B) && !out.contains(0xC2 /* no C1 control as UTF-8 either */))
        #expect(!out.contains(0x07))
        #expect(b.row(0).hasPrefix("evil?]0;owned??x"))
    }

    @Test func wideCharactersTakeTwoCellsAndAreRepairedWhenCut() {
        var b = ScreenBuffer(width: 10, height: 1)
        let end = b.text("日本", x: 0, y: 0)
        #expect(end == 4)
        #expect(b[1, 0].scalar == ScreenBuffer.continuation)
        b.text("x", x: 1, y: 0)  // overwrites the right half of 日
        #expect(b.row(0).hasPrefix(" x本"))
        var vt = VirtualTerminal(width: 10, height: 1)
        var out: [UInt8] = []
        ScreenEncoder().encode(from: nil, to: b, into: &out)
        vt.apply(out)
        #expect(vt.row(0).hasPrefix(" x本"))
    }

    @Test func pictureCellsAreLeftToTheImageAndReportedWhenExposed() {
        var a = ScreenBuffer(width: 20, height: 6)
        a.fill(Rect(x: 0, y: 0, width: 10, height: 5), with: .image)
        var b = a
        b.frame(Rect(x: 2, y: 1, width: 6, height: 3), title: nil, style: .accent)
        var out: [UInt8] = []
        let opened = ScreenEncoder().encode(from: a, to: b, into: &out)
        #expect(!opened.exposedImage && opened.cellsWritten > 0)
        out = []
        let closed = ScreenEncoder().encode(from: b, to: a, into: &out)
        #expect(closed.exposedImage)
        #expect(closed.cellsWritten == 0)
    }
}
