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
        // A finished picture the writer and the link can take now goes out
        // before the next one is asked for: dropping it for a newer one
        // (below, when it has to wait) would starve the screen whenever
        // keys come faster than pictures are drawn.
        if pendingImage != nil && !writerBusy && pendingPictureMayGo(now: now) { writeScreen(now: now, effects: &effects) }
        requestPicture(now: now, effects: &effects)
        writeScreen(now: now, effects: &effects)
    }

    // MARK: pictures

    /// Asks the render thread for the next picture when one is wanted, the
    /// thread is free, no finished picture still waits for the writer, and
    /// pacing allows. Input since the last picture is answered at once.
    mutating func requestPicture(now: Double, effects: inout [Effect]) {
        if let inFlight = renderInFlight {
            // A still picture is being drawn (a GL frame of a big graph takes a
            // while) and input came that changes what it shows: it is given up
            // (its result will be dropped) and a moving frame, drawn on the
            // other thread, answers at once. Keys that change nothing in the
            // picture (typing a command) let it finish.
            let changesPicture = invalidatePicture || pictureKey(now: now) != inFlight.key
            guard inFlight.key.detail == .full,
                  (inFlight.inputSeq != inputSeq && changesPicture) || pendingPick != nil else { return }
            renderInFlight = nil
            abandonedStill = true
            drawerInSync[.full] = false
            effects.append(.cancelRender(inFlight.id))
            effects.append(.layout(.yield(false)))
        }
        guard let placement, wantsPicture(now: now), now >= picturesHeldUntil else { return }
        // What the picture asked for would show (its detail is decided below).
        let current = pictureKey(now: now)
        // Keys that changed nothing the picture shows (a command being typed)
        // are not answered: the next picture is the still one, in its turn.
        let onlyDetail = !invalidatePicture && requestedKey.map { var k = current; k.detail = $0.detail; return k == $0 } == true
        let keysChangedPicture = inputSeq != requestedInputSeq && !onlyDetail
        if mode.isPixelProtocol, let pending = pendingImage {
            // A picture still waiting for the link when input came is stale:
            // it is dropped for one that shows the input. A large still
            // picture going out strip by strip gives way the same way (the
            // rest is dropped and a moving frame answers at once).
            // (Twice in a row at most: held keys must not starve the screen.)
            let inputSince = ((inputSeq > pending.info.inputSeq && keysChangedPicture) || pendingPick != nil) && droppedPending < 2
            guard inputSince || (pending.started && current != requestedKey) else { return }
            droppedPending += 1
            pendingImage = nil
            needsFullPicture = true
            drawerInSync[pending.detail] = false
        }
        // Drawn just in time for the link: a picture that would wait behind
        // the last one would arrive old (the newest always wins).
        let inputWaiting = keysChangedPicture || pendingPick != nil
        guard link.mayRequestPicture(now: now, renderSeconds: expectedPictureSeconds, answersInput: inputWaiting) else { return }
        let changing = isChanging(now: now)
        let answersInput = inputWaiting || invalidatePicture
        // The view moved since the last picture (a key zoomed while a slow
        // full-detail frame was drawn, and the easing finished meanwhile):
        // answer with a moving frame first; the full one follows once still.
        let moved = requestedKey.map { $0.camera != camera || $0.placement != placement } ?? false
        // The full-detail thread is busy with a picture given up: the still
        // picture waits for it; only input and motion (the camera's last
        // pose too) are answered meanwhile.
        if abandonedStill && !answersInput && !changing && !moved { return }
        if changing && !answersInput {
            guard governor.shouldSend(now: now, moving: true) else { return }
        }
        governor.noteRequest(at: now)
        requestID += 1
        var divisor = 1
        // A new view or a command whose full-detail picture is slow (a million
        // edges) is shown at once at moving detail; the full one follows.
        let moving = changing || (moved && (answersInput || abandonedStill)) || (answersInput && (stillIsSlow || abandonedStill))
        if mode.isPixelProtocol {
            // Never narrower than about 100 pixels (a slow link, while moving only).
            let limit = max(1, placement.pixelSize.width / 96)
            // Sized for 20 frames a second at most: beyond that, smaller frames buy little.
            let budget = link.enabled ? link.usableBytesPerSecond / min(max(options.targetFPS, 1), 20) : nil
            divisor = governor.chooseDivisor(moving: moving, limit: limit, budget: budget)
            if mode == .sixel { divisor = Self.sixelDivisor(atLeast: divisor, limit: limit) }
            if moving { divisor = min(max(divisor, frameGovernor.divisor), max(limit, frameGovernor.divisor)) }
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
        var key = current
        effects.append(.logFrame(String(format: "%.4f ask %d %@ why %@", now, requestID, moving ? "interactive" : "full",
                                        askReasons(key).joined(separator: ","))))
        key.detail = detail
        if snapshot.isRunning { effects.append(.layout(.yield(true))) }
        effects.append(.render(PictureRequest(
            id: requestID, scene: picture, camera: cam, theme: theme, detail: detail,
            placement: placement, divisor: divisor, sharing: sharing, pick: pendingPick, pngFile: pendingPNG,
            labelNodes: labelNodes, inputSeq: inputSeq,
            smallPalette: moving && governor.expectedBytes(divisor: 1) > governor.bytesPerSecond / governor.targetFPS,
            fullRepaint: needsFullPicture || drawerInSync[detail] != true)))
        needsFullPicture = false
        renderInFlight = PictureRequestInfo(id: requestID, key: key, inputSeq: inputSeq, pick: pendingPick != nil,
                                            requestedAt: now)
        requestedKey = key
        requestedInputSeq = inputSeq
        invalidatePicture = false
        pendingPick = nil
        pendingPNG = nil
    }

    /// What made the picture about to be asked for differ from the last one
    /// (the frame log's `ask` lines say it).
    func askReasons(_ key: PictureKey) -> [String] {
        var why: [String] = []
        if invalidatePicture { why.append("invalidated") }
        if pendingPick != nil { why.append("pick") }
        if pendingPNG != nil { why.append("png") }
        if inputSeq != requestedInputSeq { why.append("input") }
        guard let last = requestedKey else { return why + ["first"] }
        if key.scene.positions != last.scene.positions { why.append("positions") }
        if key.scene.style != last.scene.style { why.append("style") }
        if key.scene.overlay != last.scene.overlay { why.append("overlay") }
        if key.scene.legend != last.scene.legend { why.append("legend") }
        if key.scene.showEdges != last.scene.showEdges || key.scene.topLabels != last.scene.topLabels
            || key.scene.edgeColoring != last.scene.edgeColoring { why.append("look") }
        if key.camera != last.camera { why.append("camera") }
        if key.theme != last.theme { why.append("theme") }
        if key.placement != last.placement { why.append("placement") }
        if key.detail != last.detail { why.append("detail") }
        if key.sharing != last.sharing { why.append("sharing") }
        return why.isEmpty ? ["none"] : why
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
        let detail: Renderer.Detail = result.interactive ? .interactive : .full
        if !result.interactive && renderInFlight?.id != result.id { abandonedStill = false }
        guard let inFlight = renderInFlight, inFlight.id == result.id else {
            // Given up: the terminal never sees it, so that thread's next picture must be whole.
            drawerInSync[detail] = false
            return
        }
        renderInFlight = nil
        effects.append(.layout(.yield(false)))
        lastRenderMs = result.renderMs
        lastEncodeMs = result.encodeMs
        if !result.interactive && result.failure == nil { lastFullRenderMs = result.renderMs }
        if mode.isPixelProtocol, result.interactive, result.failure == nil {
            frameGovernor.record(divisor: result.divisor, ms: result.renderMs + result.encodeMs, now: now)
        }
        if let failure = result.failure { say("picture: \(failure)", now: now, seconds: 6) }
        if let text = result.message { say(text, now: now) }
        guard result.placement == placement else {
            // Drawn for the screen before a resize: it would land over the panels.
            invalidatePicture = true
            drawerInSync[detail] = false
            return
        }
        if let picked = result.picked {
            // The picture was drawn with the pick's selection: one render per click.
            let unchanged = pictureKey(now: now) == inFlight.key
            select(picked, now: now)
            if unchanged { requestedKey = pictureKey(now: now) }
        }
        var info = PictureInfo(renderMs: result.renderMs, encodeMs: result.encodeMs, bytes: result.bytes.count,
                               divisor: result.divisor, detail: result.detail, inputSeq: result.inputSeq)
        info.requestedAt = inFlight.requestedAt
        if let cells = result.cells {
            cellPicture = cells
            anchors = result.anchors
            cellFramePending = info
        } else if !result.bytes.isEmpty || result.unchanged {
            shownDivisor = result.divisor
            pendingImage = PendingPicture(bytes: result.bytes, partEnds: result.partEnds, complete: result.complete,
                                          info: info, detail: detail)
        }
    }

    /// Sixel bands are six pixels tall: at a divisor that neither divides
    /// nor is a multiple of six, most bands straddle two rows of the frame and
    /// carry the runs of both (measured: ÷5 and ÷7 send more bytes than ÷6).
    /// The smallest of 1, 2, 3, 6, 12 that is at least `d`, within `limit`.
    static func sixelDivisor(atLeast d: Int, limit: Int) -> Int {
        let aligned = [1, 2, 3, 6, 12]
        if let up = aligned.first(where: { $0 >= d }), up <= max(limit, 1) { return up }
        return aligned.last { $0 <= max(limit, 1) } ?? 1
    }

    /// About how long the next picture takes to draw and encode (seconds).
    var expectedPictureSeconds: Double { (lastRenderMs + lastEncodeMs) / 1000 }

    /// True when a full-detail picture takes long enough to be felt as a wait
    /// (before the first one, judged by the edge count).
    var stillIsSlow: Bool {
        (lastFullRenderMs ?? (scene.edges.count / 2 > Self.slowStillEdges ? 1000 : 0)) > Self.slowStillMs
    }
    static let slowStillMs = 150.0
    static let slowStillEdges = 300_000

    // MARK: the terminal

    /// May the picture waiting for the writer go now (the link has room)?
    func pendingPictureMayGo(now: Double) -> Bool {
        link.mayWrite(picture: true, now: now, answersInput: (pendingImage?.info.inputSeq ?? 0) > lastWrittenInputSeq)
    }

    /// Composes the screen and, when the writer is free and anything
    /// differs, one write: the text changes first, then the picture.
    mutating func writeScreen(now: Double, effects: inout [Effect]) {
        guard !writerBusy, geometry.columns > 0, geometry.rows > 0 else { return }
        let keyWaiting = inputSeq > lastWrittenInputSeq
        guard link.mayWrite(picture: false, now: now, answersInput: keyWaiting)
            || (pendingImage != nil && link.mayWrite(picture: true, now: now, answersInput: keyWaiting)) else { return }
        let pictureMayGo = pendingPictureMayGo(now: now)
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
        var pixels = false
        if mode.isPixelProtocol && !overlayOverPicture && pictureMayGo {
            if var p = pendingImage {
                // On a slow link a large picture goes a few strips a write
                // (about 120 ms of the link each), so input can cut in.
                let budget = link.enabled ? max(32_768, Int(link.bytesPerSecond * 0.12)) : Int.max
                var end = p.bytes.count
                if budget < p.bytes.count - p.sentBytes {
                    // As many strips as fit the budget, at least one.
                    end = p.partEnds.last { $0 > p.sentBytes && $0 - p.sentBytes <= budget }
                        ?? p.partEnds.first { $0 > p.sentBytes } ?? p.bytes.count
                }
                out.append(contentsOf: p.bytes[p.sentBytes..<end])
                p.sentBytes = end
                var info = p.info
                if end < p.bytes.count {
                    info.detail = "partial " + info.detail
                    pendingImage = p
                } else {
                    pendingImage = nil
                    // The terminal now shows what this picture's thread drew last; the other's last is stale.
                    drawerInSync[p.detail] = true
                    drawerInSync[p.detail == .full ? .interactive : .full] = false
                }
                picture = info
                pixels = end > 0
                droppedPending = 0
                lastWrittenInputSeq = max(lastWrittenInputSeq, info.inputSeq)
                // Only a whole picture can be drawn again from its bytes
                // (an empty one changed nothing: the last one still stands).
                if !p.bytes.isEmpty { lastImage = p.complete && end == p.bytes.count ? p.bytes : nil }
                imageVisible = true
            } else if text.exposedImage || (mode == .kitty && !imageVisible) {
                if let last = lastImage {
                    out.append(contentsOf: last)
                    pixels = true
                    imageVisible = true
                } else {
                    // What changed was sent, not the whole: ask for a whole picture.
                    needsFullPicture = true
                    invalidatePicture = true
                }
            }
        } else if let info = cellFramePending {
            picture = info
            picture?.bytes = out.count
            picture?.divisor = 1
            cellFramePending = nil
        }
        shown = buffer
        guard !out.isEmpty else { return }
        if capabilities.synchronizedOutput {
            out = TerminalSequences.beginSynchronized + out + TerminalSequences.endSynchronized
        }
        writeSeq += 1
        if link.enabled {
            out.append(contentsOf: LinkMonitor.probe)
            link.sent(bytes: out.count, picture: pixels, at: now)
        }
        picture?.writeSeq = writeSeq
        writerBusy = true
        effects.append(.write(WriteJob(bytes: out, picture: picture, seq: writeSeq)))
    }

    mutating func written(_ report: WriteReport, now: Double, effects: inout [Effect]) {
        writerBusy = false
        if report.picture == nil {
            // Every write is in the log, so a reader of the stream can tell where each one ends.
            effects.append(.logFrame(String(format: "%.4f text bytes %d seq %d", now, report.bytes, report.seq)))
        }
        if let p = report.picture {
            // Picture bytes only: counting the status line's own writes would make it rewrite itself forever.
            sentLog.append((now, report.bytes))
            frameTimes.append(now)
            if mode.isPixelProtocol {
                if link.enabled {
                    governor.recordFrame(bytes: report.bytes, divisor: p.divisor)
                    governor.adopt(bytesPerSecond: link.usableBytesPerSecond)
                } else {
                    governor.recordSent(bytes: report.bytes, writeSeconds: report.seconds, startedAt: report.startedAt,
                                        divisor: p.divisor)
                }
            }
            let line = String(format: "%.4f render %.2f encode %.2f", now, p.renderMs, p.encodeMs)
                + " bytes \(report.bytes) divisor \(p.divisor) \(p.detail)"
                + String(format: " link %.2f MB/s", governor.bytesPerSecond / 1e6)
                + " input \(p.inputSeq)" + String(format: " write %.2f", report.seconds * 1000)
                + " seq \(p.writeSeq)" + String(format: " asked %.4f", p.requestedAt)
                + (link.enabled ? String(format: " rtt %.1f", link.roundTrip * 1000) : " flow off")
            effects.append(.logFrame(line))
        }
    }
}
