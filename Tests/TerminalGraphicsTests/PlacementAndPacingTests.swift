import Testing
@testable import TerminalGraphics

@Suite struct ImagePlacementTests {
    func caps(sixel: Bool = true, kitty: Bool = false, cell: PixelSize = PixelSize(width: 7, height: 15),
              max: PixelSize? = nil, sync: Bool = false) -> TerminalCapabilities {
        var c = TerminalCapabilities()
        c.sixel = sixel; c.kittyGraphics = kitty; c.cellSize = cell; c.sixelMaxSize = max; c.synchronizedOutput = sync
        return c
    }

    @Test func sixelFillsThePaneInWholeBands() {
        let p = ImagePlacement(pane: CellRect(row: 1, column: 30, rows: 20, columns: 50),
                               screen: CellSize(columns: 80, rows: 24), capabilities: caps(), mode: .auto)
        #expect(p.mode == .sixel)
        #expect(p.pixelSize == PixelSize(width: 350, height: 300), "50×7 wide, 20×15 = 300 high (a multiple of 6)")
        let odd = ImagePlacement(pane: CellRect(row: 0, column: 0, rows: 7, columns: 10),
                                 screen: CellSize(columns: 80, rows: 24),
                                 capabilities: caps(cell: PixelSize(width: 8, height: 17)), mode: .sixel)
        #expect(odd.pixelSize == PixelSize(width: 80, height: 114), "7×17 = 119 → 114: no band reaches the next row")
    }

    @Test func neverTheBottomRowAndCappedByTheTerminal() {
        let p = ImagePlacement(pane: CellRect(row: 2, column: 0, rows: 100, columns: 300),
                               screen: CellSize(columns: 200, rows: 60),
                               capabilities: caps(cell: PixelSize(width: 10, height: 20),
                                                  max: PixelSize(width: 1000, height: 1000)), mode: .sixel)
        #expect(p.pane == CellRect(row: 2, column: 0, rows: 57, columns: 200), "rows 2…58; row 59 stays free")
        #expect(p.pixelSize == PixelSize(width: 1000, height: 996), "xterm's 1000×1000 limit, whole bands")
    }

    @Test func kittyAndCellSizes() {
        let screen = CellSize(columns: 80, rows: 24)
        let pane = CellRect(row: 0, column: 0, rows: 10, columns: 40)
        let k = ImagePlacement(pane: pane, screen: screen, capabilities: caps(sixel: false, kitty: true), mode: .auto)
        #expect(k.mode == .kitty && k.pixelSize == PixelSize(width: 280, height: 150))
        #expect(k.renderSize(divisor: 2) == PixelSize(width: 140, height: 75))
        let b = ImagePlacement(pane: pane, screen: screen, capabilities: caps(sixel: false), mode: .auto)
        #expect(b.mode == .blocks && b.pixelSize == PixelSize(width: 40, height: 20))
        let r = ImagePlacement(pane: pane, screen: screen, capabilities: caps(), mode: .braille)
        #expect(r.pixelSize == PixelSize(width: 80, height: 40))
    }

    @Test func framesArePositionedAndSynchronized() {
        let p = ImagePlacement(pane: CellRect(row: 3, column: 9, rows: 5, columns: 5),
                               screen: CellSize(columns: 80, rows: 24), capabilities: caps(sync: true), mode: .sixel)
        var out: [UInt8] = []
        p.appendFrame(Array("PAYLOAD".utf8), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\u{1B}[?2026h\u{1B}[4;10HPAYLOAD\u{1B}[0m\u{1B}[?2026l")
    }

    @Test func resizeErasesTheOldPicture() {
        let screen = CellSize(columns: 80, rows: 24)
        let old = ImagePlacement(pane: CellRect(row: 1, column: 2, rows: 2, columns: 4), screen: screen,
                                 capabilities: caps(), mode: .sixel)
        let same = ImagePlacement(pane: CellRect(row: 1, column: 2, rows: 2, columns: 4), screen: screen,
                                  capabilities: caps(), mode: .sixel)
        let bigger = ImagePlacement(pane: CellRect(row: 1, column: 2, rows: 3, columns: 6), screen: screen,
                                    capabilities: caps(), mode: .sixel)
        var out: [UInt8] = []
        old.appendTransition(to: same, kittyImageID: 5, into: &out)
        #expect(out.isEmpty)
        old.appendTransition(to: bigger, kittyImageID: 5, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\u{1B}[0m\u{1B}[2;3H\u{1B}[4X\u{1B}[3;3H\u{1B}[4X")
        let kitty = ImagePlacement(pane: CellRect(row: 1, column: 2, rows: 2, columns: 4), screen: screen,
                                   capabilities: caps(sixel: false, kitty: true), mode: .auto)
        out = []
        kitty.appendErase(kittyImageID: 5, into: &out)
        #expect(out == KittyEncoder(imageID: 5).deleteSequence())
    }
}

@Suite struct BandwidthGovernorTests {
    @Test func slowLinkStepsDownWhileMovingAndBackWhenStill() {
        var g = BandwidthGovernor(targetFPS: 10, maxDivisor: 4)
        var t = 0.0
        // 400 KB frames through a 1 MB/s link: each write blocks 0.4 s.
        let v1 = g.shouldSend(now: t, moving: true)
        #expect(v1)
        g.recordSent(bytes: 400_000, writeSeconds: 0.4, startedAt: t, divisor: g.chooseDivisor(moving: true))
        t += 0.4
        for _ in 0..<15 { g.recordSent(bytes: 400_000, writeSeconds: 0.4, startedAt: t, divisor: 1); t += 0.4 }
        #expect(g.bytesPerSecond < 1_300_000 && g.bytesPerSecond > 900_000)
        let v2 = g.chooseDivisor(moving: true)
        #expect(v2 == 4, "40 KB a frame budget: deepest step")
        let v3 = g.chooseDivisor(moving: false)
        #expect(v3 == 1, "still: full detail")
    }

    @Test func framesAreDroppedWhileTheLinkDrains() {
        var g = BandwidthGovernor(targetFPS: 30, maxDivisor: 4, assumedBytesPerSecond: 1_000_000)
        let v4 = g.shouldSend(now: 0, moving: true)
        #expect(v4)
        // The write returned at once (buffers took it), but at about 1 MB/s 500 KB drains for ~0.4 s.
        g.recordSent(bytes: 500_000, writeSeconds: 0.001, startedAt: 0, divisor: 1)
        let v5 = g.shouldSend(now: 0.1, moving: true)
        #expect(!v5)
        #expect(g.droppedFrames == 1)
        let v6 = g.shouldSend(now: 2.0, moving: true)
        #expect(v6)
    }

    /// While moving, frames are paced from when they were asked for: a write
    /// that starts a render later does not push the next frame back.
    @Test func pacingCountsFromTheRequestNotTheWrite() {
        var g = BandwidthGovernor(targetFPS: 30, maxDivisor: 4, assumedBytesPerSecond: 100_000_000)
        let first = g.shouldSend(now: 0, moving: true)
        #expect(first)
        g.noteRequest(at: 0)
        // Rendered for 20 ms, then written at once.
        g.recordSent(bytes: 50_000, writeSeconds: 0.001, startedAt: 0.020, divisor: 1)
        let early = g.shouldSend(now: 0.030, moving: true)
        #expect(!early, "within 1/30 s of the request")
        let onTime = g.shouldSend(now: 0.034, moving: true)
        #expect(onTime, "1/30 s after the request, though only 14 ms after the write")
        let still = g.shouldSend(now: 0.021, moving: false)
        #expect(still, "a still picture is not paced")
    }

    @Test func fastLinkKeepsFullDetail() {
        var g = BandwidthGovernor(targetFPS: 15, maxDivisor: 4)
        for i in 0..<5 {
            g.recordSent(bytes: 300_000, writeSeconds: 0.01, startedAt: Double(i), divisor: 1)
        }
        let v7 = g.chooseDivisor(moving: true)
        #expect(v7 == 1)
        #expect(g.lastFrameBytes == 300_000 && g.sentFrames == 5)
    }

    @Test func divisorClimbsBackOneStepAtATime() {
        var g = BandwidthGovernor(targetFPS: 10, maxDivisor: 4, assumedBytesPerSecond: 100_000)
        g.recordSent(bytes: 400_000, writeSeconds: 4, startedAt: 0, divisor: 1)
        let v8 = g.chooseDivisor(moving: true)
        #expect(v8 == 4)
        // The link turns fast: the divisor comes back 3, 2, 1.
        for i in 0..<8 { g.recordSent(bytes: 100_000, writeSeconds: 0.003, startedAt: 10 + Double(i), divisor: 4) }
        let v9 = g.chooseDivisor(moving: true)
        #expect(v9 == 3)
        let v10 = g.chooseDivisor(moving: true)
        #expect(v10 == 2)
        let v11 = g.chooseDivisor(moving: true)
        #expect(v11 == 1)
    }
}
