import Foundation
import FrameBus
import Synchronization
import GraphCore
import Render
import TangleBasics
import TerminalGraphics

/// What the explorer wants drawn next. Value types all the way down, so the
/// worker thread owns its copy.
public struct PictureRequest: @unchecked Sendable {
    var id: Int
    var scene: Scene
    var camera: Camera
    var theme: Theme
    var detail: Renderer.Detail
    var placement: ImagePlacement
    /// Pixel-protocol detail divisor from the bandwidth and frame-time governors (1 = full).
    var divisor: Int
    /// A browser is watching through the FrameBus: cell modes render a frame
    /// as large as the pane's real pixels, not just enough for the cells.
    var sharing = false
    /// A click to pick a node at (0…1 of the picture): picked first, and the
    /// picture drawn with it selected.
    var pick: (x: Float, y: Float)?
    /// Write a PNG of this frame into this new file (the `w` snapshot).
    var pngFile: NewFile?
    /// Nodes whose place in the picture the cell modes need for their text labels.
    var labelNodes: [Int] = []
    /// The last input this picture includes.
    var inputSeq = 0
    /// Sixel in the theme's small moving palette (the link is the limit).
    var smallPalette = false
    /// Encode the whole picture, not just what changed since the last one
    /// (the terminal may not show the last one: parts were dropped, or an overlay covered it).
    var fullRepaint = false
}

/// What came back: terminal bytes (pixel modes) or cells (cell modes), plus anything asked for.
public struct PictureResult: Sendable {
    var id: Int
    /// Where the picture goes: results for an older placement (before a resize) are dropped.
    var placement: ImagePlacement
    /// Sixel or kitty bytes, positioned at the pane.
    var bytes: [UInt8] = []
    /// Where `bytes` may be cut into separate writes (end offsets of its
    /// strips, the last one `bytes.count`): a large picture can go strip by strip.
    var partEnds: [Int] = []
    /// The bytes repaint the whole picture (not only the strips that changed).
    var complete = true
    /// Nothing changed since the last picture: no bytes are needed.
    var unchanged = false
    /// The picture as cells (half blocks, braille).
    var cells: CellGrid?
    var anchors: [LabelAnchor] = []
    /// The pick's answer: .some(nil) when the click hit no node.
    var picked: Int??
    var renderMs = 0.0
    var encodeMs = 0.0
    var divisor = 1
    /// Drawn at interactive detail (a changing picture).
    var interactive = false
    /// Size and the renderer's phase times, for the frame log.
    var detail = ""
    var inputSeq = 0
    var message: String?
    var failure: String?
}

/// The render thread: owns the OSMesa renderer (GL contexts are per thread)
/// and the terminal encoders, publishes every frame to the FrameBus, and
/// hands the result back as an event. Requests are "newest wins": one that
/// arrives while another is drawn replaces any still waiting.
final class PictureWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: PictureRequest?
    private var stopping = false
    private var thread: Thread?
    private let bus: FrameBus?
    private let deliver: @Sendable (PictureResult) -> Void
    /// The id of the last picture given up (read by the drawing thread).
    private let cancelled = CancelMark()

    final class CancelMark: Sendable {
        let id = Atomic<Int>(0)
    }

    /// Niceness of the thread and of the GL rasterizer threads its context
    /// starts (they inherit it): full-detail frames of a big graph run for
    /// seconds and must not take the cores from input, moving frames and the
    /// screen.
    private let niceness: Int32

    init(bus: FrameBus?, niceness: Int32 = 0, deliver: @escaping @Sendable (PictureResult) -> Void) {
        self.bus = bus
        self.niceness = niceness
        self.deliver = deliver
    }

    func start() {
        let t = Thread { [unowned self] in self.loop() }
        t.name = "tangle-render"
        t.stackSize = 8 << 20
        thread = t
        t.start()
    }

    /// Queues a request (replacing one not yet started).
    func submit(_ request: PictureRequest) {
        condition.lock()
        pending = request
        condition.signal()
        condition.unlock()
    }

    /// Picture `id` was given up: drawing it stops at the next batch of
    /// edges (at once, if it has not started). Its result is still
    /// delivered, unfinished: the explorer waits for a given-up still to
    /// come back before it asks for the next one.
    func cancel(_ id: Int) {
        cancelled.id.store(id, ordering: .releasing)
    }

    /// Ends the thread after the picture in progress, waiting at most
    /// `timeout` seconds for it (a full-detail frame of a big graph takes
    /// seconds; quitting does not wait for it).
    func stop(timeout: Double = 0.5) {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        let deadline = monotonicSeconds() + timeout
        while monotonicSeconds() < deadline {
            condition.lock()
            let done = thread == nil
            condition.unlock()
            if done { break }
            usleep(2000)
        }
    }

    // MARK: the thread

    private func loop() {
        // Before the renderer (and its rasterizer threads) is made on this thread.
        if niceness != 0 { lowerThreadPriority(to: niceness) }
        var drawer = PictureDrawer(bus: bus)
        while true {
            condition.lock()
            while pending == nil && !stopping { condition.wait() }
            if stopping { thread = nil; condition.unlock(); return }
            let request = pending!
            pending = nil
            condition.unlock()
            let mark = cancelled, id = request.id
            deliver(drawer.draw(request, shouldStop: { mark.id.load(ordering: .acquiring) == id }))
        }
    }

    /// Pixel protocols render at the pane's pixel size (divided while the
    /// link is slow); cell modes render 4× larger each way and average down,
    /// so small discs still colour their cells — and, while a browser watches
    /// (`sharing`), at least the pane's size in real pixels, so the shared
    /// picture is not a thumbnail.
    static func renderSize(_ placement: ImagePlacement, divisor: Int, sharing: Bool = false) -> PixelSize {
        switch placement.mode {
        case .sixel, .kitty: return placement.renderSize(divisor: divisor)
        case .blocks, .braille:
            var w = placement.pixelSize.width * 4, h = placement.pixelSize.height * 4
            if sharing {
                var sw = placement.pane.columns * placement.cellSize.width
                var sh = placement.pane.rows * placement.cellSize.height
                // Big cells (tmux may claim 16×32) would make a 2-megapixel frame: cap at 1280×960.
                let shrink = max(1, Double(sw) / 1280, Double(sh) / 960)
                sw = Int(Double(sw) / shrink); sh = Int(Double(sh) / shrink)
                w = max(w, sw); h = max(h, sh)
            }
            return PixelSize(width: w, height: h)
        default:
            // No terminal picture: still render for the FrameBus at a useful size.
            return PixelSize(width: max(placement.pane.columns * 8, 320), height: max(placement.pane.rows * 16, 240))
        }
    }
}

/// Draws one request: render, pick, publish to the FrameBus, encode. Runs
/// on the render thread; tests call it directly (no thread, no terminal).
struct PictureDrawer {
    let bus: FrameBus?
    var renderer: Renderer?
    var rendererError: String?
    var sixel = SixelEncoder(threads: 1)
    /// Moving pictures go in the theme's small palette (its own encoder keeps its own lookup table).
    var movingSixel = SixelEncoder(threads: 1)
    var kitty = KittyEncoder(format: .rgb)
    var paletteTheme: Theme?
    var palette: Palette?
    var movingPalette: Palette?
    /// The last sixel picture's pixels and what they were encoded with, to send only changed strips.
    var previousPixels: [UInt8] = []
    var previousEncoding: SixelEncoding?

    struct SixelEncoding: Equatable {
        var width: Int, height: Int, stride: Int, divisor: Int, smallPalette: Bool
        var placement: ImagePlacement
        var theme: Theme
    }

    init(bus: FrameBus?) { self.bus = bus }

    mutating func draw(_ request: PictureRequest, shouldStop: (@Sendable () -> Bool)? = nil) -> PictureResult {
        var result = PictureResult(id: request.id, placement: request.placement)
        result.divisor = request.divisor
        result.interactive = request.detail == .interactive
        result.detail = "\(request.detail)"
        result.inputSeq = request.inputSeq
        do {
            let size = PictureWorker.renderSize(request.placement, divisor: request.divisor, sharing: request.sharing)
            guard size.width >= 8, size.height >= 8 else { return result }
            if renderer == nil && rendererError == nil {
                do { renderer = try Renderer(width: size.width, height: size.height) }
                catch { rendererError = "\(error)" }
            }
            guard let r = renderer else { throw RenderError(rendererError ?? "no renderer") }
            if r.width != size.width || r.height != size.height { try r.resize(width: size.width, height: size.height) }
            let t0 = monotonicSeconds()
            var scene = request.scene
            if let p = request.pick {
                let scale = max(Float(size.width) / Float(max(request.placement.pixelSize.width, 1)), 1)
                let node = r.pick(scene, camera: request.camera, x: p.x * Float(size.width), y: p.y * Float(size.height),
                                  tolerance: 6 * scale)
                result.picked = .some(node)
                scene.selected = node
            }
            r.shouldStop = shouldStop
            defer { r.shouldStop = nil }
            let frame = try r.render(scene, camera: request.camera, theme: request.theme, detail: request.detail)
            result.renderMs = (monotonicSeconds() - t0) * 1000
            // Given up part-way: nothing to show or publish (the explorer drops it by its id).
            if r.stats.stopped { return result }
            let st = r.stats
            result.detail = "\(request.detail) \(size.width)x\(size.height) "
                + String(format: "prepare %.1f gl %.1f overlay %.1f layer %d edges %d", st.prepareMs, st.glMs, st.overlayMs,
                         st.layerScale, st.edgesDrawn)
            for node in request.labelNodes {
                if let p = r.screenPosition(of: node) {
                    result.anchors.append(LabelAnchor(node: node, x: p.x / Float(size.width), y: p.y / Float(size.height)))
                }
            }
            if let bus {
                _ = try? bus.frames.publish(
                    UnsafeRawBufferPointer(start: frame.pixels, count: frame.stride * frame.height),
                    width: frame.width, height: frame.height, stride: frame.stride, format: .rgba8)
            }
            if let file = request.pngFile {
                do {
                    try ImageEncoder.write(frame, to: file)
                    result.message = "wrote \(file.path)"
                } catch { result.message = "could not write \(file.path): \(error)" }
            }
            let t1 = monotonicSeconds()
            try encode(frame, request: request, into: &result)
            result.encodeMs = (monotonicSeconds() - t1) * 1000
        } catch {
            result.failure = "\(error)"
        }
        return result
    }

    private mutating func encode(_ frame: Frame, request: PictureRequest, into result: inout PictureResult) throws {
        let placement = request.placement
        let theme = request.theme
        switch placement.mode {
        case .sixel:
            if paletteTheme != theme {
                palette = try Palette(theme.indexedPalette.colors.prefix(256).map { TerminalGraphics.RGB($0.r, $0.g, $0.b) })
                movingPalette = try Palette(theme.movingPalette.colors.map { TerminalGraphics.RGB($0.r, $0.g, $0.b) })
                paletteTheme = theme
            }
            let pixels = frame.copyBytes()
            let image = RGBAImage(width: frame.width, height: frame.height, stride: frame.stride, pixels: pixels)!
            let small = request.detail == .interactive && request.smallPalette
            let encoder = small ? movingSixel : sixel
            let k = max(1, request.divisor)
            encoder.pixelRepeat = k
            let encoding = SixelEncoding(width: frame.width, height: frame.height, stride: frame.stride, divisor: k,
                                         smallPalette: small, placement: placement, theme: theme)
            // Through tmux every picture is whole: tmux redraws its panes without knowing of it.
            let diff = previousEncoding == encoding && !request.fullRepaint && placement.passthroughOrigin == nil
            let ranges = Self.changedStrips(pixels, previous: diff ? previousPixels : nil,
                                            image: image, divisor: k, cellHeight: max(1, placement.cellSize.height),
                                            maxCellRows: request.detail == .interactive ? Int.max : 4)
            previousPixels = pixels
            previousEncoding = encoding
            guard !ranges.isEmpty else { result.unchanged = true; return }
            result.complete = ranges.first?.lowerBound == 0 && ranges.last?.upperBound == frame.height * k
                && zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }
            let payloads = try encoder.encode(image, palette: small ? movingPalette! : palette!, strips: ranges)
            let cellHeight = max(1, placement.cellSize.height)
            if placement.synchronized { result.bytes.append(contentsOf: TerminalSequences.beginSynchronized) }
            for (range, payload) in zip(ranges, payloads) {
                placement.appendPlaced(payload, row: placement.pane.row + range.lowerBound / cellHeight,
                                       column: placement.pane.column, into: &result.bytes)
                result.partEnds.append(result.bytes.count)
            }
            result.bytes.append(contentsOf: TerminalSequences.resetAttributes)
            if placement.synchronized { result.bytes.append(contentsOf: TerminalSequences.endSynchronized) }
            if !result.partEnds.isEmpty { result.partEnds[result.partEnds.count - 1] = result.bytes.count }
        case .kitty:
            let image = RGBAImage(width: frame.width, height: frame.height, stride: frame.stride, pixels: frame.copyBytes())!
            kitty.cells = (placement.pane.columns, placement.pane.rows)
            var payload: [UInt8] = []
            try kitty.encode(image, palette: try Palette([TerminalGraphics.RGB(0, 0, 0)]), into: &payload)
            placement.appendFrame(payload, into: &result.bytes)
        case .blocks, .braille:
            let bg = theme.background
            let small = Downscale.foreground(frame, toWidth: placement.pixelSize.width, height: placement.pixelSize.height,
                                             background: (bg.r, bg.g, bg.b))
            result.cells = placement.mode == .blocks ? HalfBlockBlitter.grid(small) : BrailleBlitter.grid(small)
        default:
            break
        }
    }
}

extension PictureDrawer {
    /// The strips (output rows, whole cell rows) whose pixels differ from
    /// `previous` (nil: all), merged where adjacent, each at most
    /// `maxCellRows` cell rows tall so a large picture can go in parts.
    static func changedStrips(_ pixels: [UInt8], previous: [UInt8]?, image: RGBAImage, divisor k: Int,
                              cellHeight: Int, maxCellRows: Int) -> [Range<Int>] {
        let outH = image.height * k
        let rowBytes = image.width * 4
        let cap = maxCellRows == Int.max ? Int.max : maxCellRows * cellHeight
        var ranges: [Range<Int>] = []
        var top = 0
        while top < outH {
            let bottom = min(top + cellHeight, outH)
            var changed = true
            if let previous, previous.count == pixels.count {
                changed = false
                pixels.withUnsafeBytes { a in
                    previous.withUnsafeBytes { b in
                        for y in (top / k)...((bottom - 1) / k) where memcmp(a.baseAddress! + y * image.stride,
                                                                             b.baseAddress! + y * image.stride, rowBytes) != 0 {
                            changed = true
                            break
                        }
                    }
                }
            }
            if changed {
                if let last = ranges.last, last.upperBound == top, last.count + bottom - top <= cap {
                    ranges[ranges.count - 1] = last.lowerBound..<bottom
                } else {
                    ranges.append(top..<bottom)
                }
            }
            top = bottom
        }
        return ranges
    }
}

/// Downscaling for cell output. A plain mean would fade a small node into
/// the background, so each output pixel is the mean of the covered pixels
/// that are not background when at least a tenth of them are, else background.
enum Downscale {
    static func foreground(_ frame: Frame, toWidth w: Int, height h: Int, background bg: (UInt8, UInt8, UInt8)) -> RGBAImage {
        let w = max(1, w), h = max(1, h)
        var out = [UInt8](repeating: 255, count: w * h * 4)
        let src = frame.pixels
        for y in 0..<h {
            let y0 = y * frame.height / h, y1 = max(y0 + 1, (y + 1) * frame.height / h)
            for x in 0..<w {
                let x0 = x * frame.width / w, x1 = max(x0 + 1, (x + 1) * frame.width / w)
                var r = 0, g = 0, b = 0, n = 0
                for sy in y0..<y1 {
                    var o = sy * frame.stride + x0 * 4
                    for _ in x0..<x1 {
                        let pr = src[o], pg = src[o + 1], pb = src[o + 2]
                        if abs(Int(pr) - Int(bg.0)) + abs(Int(pg) - Int(bg.1)) + abs(Int(pb) - Int(bg.2)) > 24 {
                            r += Int(pr); g += Int(pg); b += Int(pb); n += 1
                        }
                        o += 4
                    }
                }
                let count = (y1 - y0) * (x1 - x0)
                let d = (y * w + x) * 4
                if n * 10 >= count && n > 0 {
                    out[d] = UInt8(r / n); out[d + 1] = UInt8(g / n); out[d + 2] = UInt8(b / n)
                } else {
                    out[d] = bg.0; out[d + 1] = bg.1; out[d + 2] = bg.2
                }
            }
        }
        return RGBAImage(width: w, height: h, stride: w * 4, pixels: out)!
    }
}
