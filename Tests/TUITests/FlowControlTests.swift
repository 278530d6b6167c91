import Foundation
import Testing
import TerminalGraphics
@testable import TUI

/// End-to-end flow control: every write ends with a DA1 probe, the
/// terminal's answers pace the pictures, and the link is estimated from them.
@Suite struct FlowControlTests {
    /// A link of `rate` bytes/s and round trip `rtt`: when the answer to a
    /// write sent at `sent` comes back, given when the path frees.
    struct Link {
        var rate: Double, rtt: Double
        var free = 0.0
        mutating func answer(sent: Double, bytes: Int) -> Double {
            let start = max(sent + rtt / 2, free)
            free = start + Double(bytes) / rate
            return free + rtt / 2
        }
    }

    @Test func theRoundTripAndRateComeFromTheAnswers() {
        var m = LinkMonitor(enabled: true)
        var link = Link(rate: 2_500_000, rtt: 0.05)
        var now = 0.0
        for i in 0..<40 {
            let bytes = i % 3 == 0 ? 300 : 120_000
            m.sent(bytes: bytes, picture: bytes > 300, at: now)
            let answerAt = link.answer(sent: now, bytes: bytes)
            now = answerAt
            m.answer(at: answerAt)
            now += 0.01
        }
        #expect(abs(m.roundTrip - 0.05) < 0.005, "round trip \(m.roundTrip)")
        #expect(abs(m.bytesPerSecond - 2_500_000) / 2_500_000 < 0.15, "rate \(m.bytesPerSecond)")
        // 20 Mbit/s at 15 frames a second, a fifth kept for text: about 133 KB a frame.
        #expect(abs(m.frameBudget(fps: 15) - 133_000) < 25_000)
    }

    @Test func picturesWaitForThePathAndTextDoesNotQueueWithoutBound() {
        var m = LinkMonitor(enabled: true, roundTrip: 0.1, assumedBytesPerSecond: 1_000_000)
        m.sent(bytes: 200_000, picture: true, at: 0)
        // The path needs 0.2 s for those bytes: a second picture would wait behind them.
        #expect(!m.mayWrite(picture: true, now: 0.05))
        #expect(m.mayWrite(picture: false, now: 0.05))
        #expect(m.mayWrite(picture: true, now: 0.21))
        // Rendered just in time: a 30 ms picture may be asked for 30 ms before the path frees.
        #expect(m.mayRequestPicture(now: 0.175, renderSeconds: 0.03))
        #expect(!m.mayRequestPicture(now: 0.1, renderSeconds: 0.03))
        m.sent(bytes: 200_000, picture: true, at: 0.21)
        // Two pictures unanswered: nothing more, however long ago they went.
        #expect(!m.mayWrite(picture: true, now: 2.0))
        m.sent(bytes: 100, picture: false, at: 0.3)
        #expect(!m.mayWrite(picture: false, now: 0.3))
        #expect(m.mayWrite(picture: false, now: 0.3, answersInput: true))
        // The first answer (0.25 s after it went: 0.2 s of bytes, 0.05 s of waiting) frees one picture.
        m.answer(at: 0.25)
        #expect(m.mayWrite(picture: true, now: 0.5))
        // One text write is still unanswered: the next waits (unless it answers a key).
        #expect(!m.mayWrite(picture: false, now: 0.5))
    }

    @Test func aTerminalThatNeverAnswersTurnsFlowControlOff() {
        var m = LinkMonitor(enabled: true)
        m.sent(bytes: 50_000, picture: true, at: 0)
        m.sent(bytes: 50_000, picture: true, at: 0.1)
        #expect(!m.mayWrite(picture: true, now: 1))
        let t = m.expiryTime()!
        #expect(t > 3 && t < 4)
        m.expire(now: t)
        #expect(!m.enabled)
        #expect(m.mayWrite(picture: true, now: t))
    }

    func sixelHarness() throws -> ExplorerHarness {
        var caps = TerminalCapabilities()
        caps.sixel = true
        caps.answered = true
        caps.cellSize = PixelSize(width: 10, height: 20)
        return try ExplorerHarness(mode: .sixel, columns: 100, rows: 30, capabilities: caps)
    }

    @Test func everyWriteEndsWithAProbeAndUnansweredPicturesHoldTheNextOnes() throws {
        var h = try sixelHarness()
        #expect(h.state.link.enabled)
        #expect(h.writes.count >= 1)
        for w in h.writes { #expect(w.bytes.suffix(3) == [0x1B, 0x5B, 0x63]) }
        #expect(h.terminal.deviceAttributeQueries == h.writes.count)
        h.now += 0.5
        h.send(.tick)
        let picturesBefore = h.writes.filter { $0.picture != nil }.count
        #expect(picturesBefore == 1)
        // Zoom twice with no answer: the first is drawn and sent (the path is
        // idle once the estimate says so), then the pictures stop at the cap.
        for _ in 0..<6 {
            h.now += 0.2
            h.send(.input(.key(.char("+"))))
            h.now += 0.2
            h.send(.tick)
        }
        #expect(h.state.link.enabled, "answers are still awaited, not given up on")
        let held = h.writes.filter { $0.picture != nil }.count
        // (One over the cap when the picture answers a key.)
        #expect(held >= 1 && held <= LinkMonitor.maxUnansweredPictures + 1)
        #expect(h.state.link.outstanding.count <= LinkMonitor.maxUnansweredPictures + LinkMonitor.maxUnansweredText + 2)
        // The terminal answers everything: the newest view is drawn and sent.
        for _ in 0..<8 {
            for _ in 0..<h.state.link.outstanding.count {
                h.send(.input(.reply(.deviceAttributes([62, 4]))))
            }
            h.now += 0.2
            h.send(.tick)
        }
        let after = h.writes.filter { $0.picture != nil }
        #expect(after.count > held)
        #expect(after.last!.picture!.inputSeq == h.state.inputSeq)
        // Replies are not input: they do not count as keys.
        #expect(h.state.inputSeq == 6)
    }

    @Test func anUnchangedPictureSendsNoPixelsAndAChangeSendsOnlyItsStrips() throws {
        let h = try sixelHarness()
        var drawer = PictureDrawer(bus: nil)
        guard var request = h.renders.last else { Issue.record("no picture asked for"); return }
        #expect(request.fullRepaint, "the first picture after a new placement repaints everything")
        request.fullRepaint = false
        let first = drawer.draw(request)
        #expect(first.complete && !first.unchanged && first.bytes.count > 1000)
        let same = drawer.draw(request)
        #expect(same.unchanged && same.bytes.isEmpty)
        // Asked for a full repaint, it sends the whole picture again.
        request.fullRepaint = true
        let full = drawer.draw(request)
        #expect(full.complete && full.bytes.count == first.bytes.count)
        // A change in a few rows: only the cell rows holding them, merged, each part at most 12 cell rows.
        let image = RGBAImage(width: 50, height: 100, stride: 200, pixels: [UInt8](repeating: 9, count: 200 * 100))!
        var changed = image.pixels
        for y in [25, 30, 61] { changed[y * 200 + 7] = 200 }
        #expect(PictureDrawer.changedStrips(changed, previous: image.pixels, image: image, divisor: 2, cellHeight: 20,
                                            maxCellRows: 12) == [40..<80, 120..<140])
        #expect(PictureDrawer.changedStrips(changed, previous: nil, image: image, divisor: 2, cellHeight: 20,
                                            maxCellRows: 3) == [0..<60, 60..<120, 120..<180, 180..<200])
        #expect(PictureDrawer.changedStrips(image.pixels, previous: image.pixels, image: image, divisor: 2, cellHeight: 20,
                                            maxCellRows: 3).isEmpty)
    }

    @Test func aKeyDuringAStillPictureIsAnsweredByAMovingFrameAtOnce() throws {
        var h = try sixelHarness()
        h.now += 1
        h.send(.tick)
        // Settled: ask for a still picture, and keep it "being drawn".
        h.drawPictures = false
        h.send(.input(.key(.char("t"))))   // the theme changes: a new still picture
        guard let still = h.renders.last, still.detail == .full else { Issue.record("no still picture asked for"); return }
        let rendersBefore = h.renders.count
        h.now += 0.05
        h.send(.input(.key(.char("+"))))   // a zoom while it is drawn
        #expect(h.renders.count == rendersBefore + 1, "the key is answered without waiting for the still picture")
        #expect(h.renders.last?.detail == .interactive)
        // The still one finishes late: dropped, never written.
        var drawer = PictureDrawer(bus: nil)
        let writesBefore = h.writes.count
        h.send(.picture(drawer.draw(still)))
        #expect(h.writes.count == writesBefore)
        // The moving frame is drawn and written, then the still one of the new view follows, whole.
        h.drawPictures = true
        h.send(.picture(drawer.draw(h.renders.last!)))
        for _ in 0..<20 {
            h.now += 0.1
            h.send(.input(.reply(.deviceAttributes([62, 4]))))
            h.send(.tick)
        }
        #expect(h.writes[writesBefore...].contains { $0.picture?.detail.hasPrefix("interactive") == true })
        let lastStill = h.renders.last { $0.detail == .full }
        #expect(lastStill?.fullRepaint == true)
        #expect(h.writes.last { $0.picture != nil }?.picture?.detail.hasPrefix("full") == true)
    }
}
