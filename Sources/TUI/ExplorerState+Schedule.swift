import Foundation
import Layout
import Render
import TerminalGraphics

/// Deciding what to draw next and what to write: the only place that asks
/// for pictures and composes what reaches the terminal.
extension ExplorerState {
    /// Something the picture shows has changed since it was last asked for.
    func wantsPicture(now: Double) -> Bool {
        guard let placement, placement.pane.rows > 0, placement.pane.columns > 0 else { return false }
        // Under the help overlay a pixel picture holds still (it would cover the box).
        if mode.isPixelProtocol && helpVisible { return false }
        // A layout about to place random start positions: wait for its first placement.
        if snapshot.provisional && !userPaused { return false }
        return invalidatePicture || pendingPick != nil || pendingPNG != nil || pictureKey(now: now) != requestedKey
    }

    mutating func schedule(now: Double, effects: inout [Effect]) {
        requestPicture(now: now, effects: &effects)
        writeScreen(now: now, effects: &effects)
    }

    // MARK: pictures

    /// Asks the render thread for the next picture when one is wanted, the
    /// thread is free, no finished picture still waits for the writer, and
    /// pacing allows. Input since the last picture is answered at once.
    mutating func requestPicture(now: Double, effects: inout [Effect]) {
        guard renderInFlight == nil, let placement, wantsPicture(now: now) else { return }
        if mode.isPixelProtocol && pendingImage != nil { return }
        let changing = isChanging(now: now)
        let answersInput = inputSeq != requestedInputSeq || pendingPick != nil || invalidatePicture
        if changing && !answersInput {
            guard governor.shouldSend(now: now, moving: true) else { return }
        }
        governor.noteRequest(at: now)
        requestID += 1
        var divisor = 1
        // The view moved since the last picture (a key zoomed while a slow
        // full-detail frame was drawn, and the easing finished meanwhile):
        // answer with a moving frame first; the full one follows once still.
        let moved = requestedKey.map { $0.camera != camera || $0.placement != placement } ?? false
        let moving = changing || (moved && answersInput)
        if mode.isPixelProtocol {
            divisor = governor.chooseDivisor(moving: moving)
            if moving { divisor = max(divisor, frameGovernor.divisor) }
        }
        var cam = camera
        let size = PictureWorker.renderSize(placement, divisor: divisor, sharing: sharing)
        cam.resize(width: max(size.width, 1), height: max(size.height, 1))
        var picture = scene
        var labelNodes: [Int] = []
        if !mode.isPixelProtocol {
            // Cell pictures are too coarse for rasterized text: labels and the
            // legend become text cells over the picture (see `view`).
            picture.legend = nil
            picture.topLabels = 0
            labelNodes = labelledNodes()
        }
        let detail: Renderer.Detail = moving ? .interactive : .full
        var key = pictureKey(now: now)
        key.detail = detail
        if snapshot.isRunning { effects.append(.layout(.yield(true))) }
        effects.append(.render(PictureRequest(
            id: requestID, scene: picture, camera: cam, theme: theme, detail: detail,
            placement: placement, divisor: divisor, sharing: sharing, pick: pendingPick, pngFile: pendingPNG,
            labelNodes: labelNodes, inputSeq: inputSeq)))
        renderInFlight = PictureRequestInfo(id: requestID, key: key, inputSeq: inputSeq, pick: pendingPick != nil)
        requestedKey = key
        requestedInputSeq = inputSeq
        invalidatePicture = false
        pendingPick = nil
        pendingPNG = nil
    }

    /// Nodes whose labels a cell picture shows: the selection, the first
    /// matches, then the highest-degree nodes.
    func labelledNodes() -> [Int] {
        var nodes: [Int] = []
        if let s = selected { nodes.append(s) }
        nodes += scene.matches.prefix(8)
        if labelsOn { nodes += context.byDegree.prefix(12) }
        var seen = Set<Int>()
        return nodes.filter { seen.insert($0).inserted }
    }

    mutating func accept(_ result: PictureResult, now: Double, effects: inout [Effect]) {
        guard let inFlight = renderInFlight, inFlight.id == result.id else { return }
        renderInFlight = nil
        effects.append(.layout(.yield(false)))
        lastRenderMs = result.renderMs
        lastEncodeMs = result.encodeMs
        if mode.isPixelProtocol, result.interactive, result.failure == nil {
            frameGovernor.record(divisor: result.divisor, ms: result.renderMs + result.encodeMs, now: now)
        }
        if let failure = result.failure { say("picture: \(failure)", now: now, seconds: 6) }
        if let text = result.message { say(text, now: now) }
        guard result.placement == placement else {
            // Drawn for the screen before a resize: it would land over the panels.
            invalidatePicture = true
            return
        }
        if let picked = result.picked {
            // The picture was drawn with the pick's selection: one render per click.
            let unchanged = pictureKey(now: now) == inFlight.key
            select(picked, now: now)
            if unchanged { requestedKey = pictureKey(now: now) }
        }
        let info = PictureInfo(renderMs: result.renderMs, encodeMs: result.encodeMs, bytes: result.bytes.count,
                               divisor: result.divisor, detail: result.detail, inputSeq: result.inputSeq)
        if let cells = result.cells {
            cellPicture = cells
            anchors = result.anchors
            cellFramePending = info
        } else if !result.bytes.isEmpty {
            shownDivisor = result.divisor
            pendingImage = (result.bytes, info)
        }
    }

    // MARK: the terminal

    /// Composes the screen and, when the writer is free and anything
    /// differs, one write: the text changes first, then the picture.
    mutating func writeScreen(now: Double, effects: inout [Effect]) {
        guard !writerBusy, geometry.columns > 0, geometry.rows > 0 else { return }
        let buffer = view(now: now)
        var out: [UInt8] = []
        let overlayOverPicture = helpVisible && mode.isPixelProtocol
        if mode == .kitty {
            if shown == nil || (overlayOverPicture && imageVisible) {
                // Kitty draws pictures above text: take it away before text goes where it was.
                out.append(contentsOf: Array("\u{1B}_Ga=d,d=a,q=2\u{1B}\\".utf8))
                imageVisible = false
            }
        }
        let text = encoder.encode(from: shown, to: buffer, into: &out)
        var picture: PictureInfo? = nil
        if mode.isPixelProtocol && !overlayOverPicture {
            if let p = pendingImage {
                out.append(contentsOf: p.bytes)
                lastImage = p.bytes
                picture = p.info
                pendingImage = nil
                imageVisible = true
            } else if (text.exposedImage || (mode == .kitty && !imageVisible)), let last = lastImage {
                out.append(contentsOf: last)
                imageVisible = true
            }
        } else if let info = cellFramePending {
            picture = PictureInfo(renderMs: info.renderMs, encodeMs: info.encodeMs, bytes: out.count, divisor: 1,
                                  detail: info.detail, inputSeq: info.inputSeq)
            cellFramePending = nil
        }
        shown = buffer
        guard !out.isEmpty else { return }
        if capabilities.synchronizedOutput {
            out = TerminalSequences.beginSynchronized + out + TerminalSequences.endSynchronized
        }
        writerBusy = true
        effects.append(.write(WriteJob(bytes: out, picture: picture)))
    }

    mutating func written(_ report: WriteReport, now: Double, effects: inout [Effect]) {
        writerBusy = false
        if let p = report.picture {
            // Picture bytes only: counting the status line's own writes would make it rewrite itself forever.
            sentLog.append((now, report.bytes))
            frameTimes.append(now)
            if mode.isPixelProtocol {
                governor.recordSent(bytes: report.bytes, writeSeconds: report.seconds, startedAt: report.startedAt,
                                    divisor: p.divisor)
            }
            let line = String(format: "%.4f render %.2f encode %.2f", now, p.renderMs, p.encodeMs)
                + " bytes \(report.bytes) divisor \(p.divisor) \(p.detail)"
                + String(format: " link %.2f MB/s", governor.bytesPerSecond / 1e6)
                + " input \(p.inputSeq)" + String(format: " write %.2f", report.seconds * 1000)
            effects.append(.logFrame(line))
        }
    }
}
