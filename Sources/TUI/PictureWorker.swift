import Foundation
import FrameBus
import Render
import TerminalGraphics

/// What the explorer wants drawn next. Value types all the way down, so the
/// worker thread owns its copy.
struct PictureRequest: @unchecked Sendable {
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
    /// Forget what the terminal shows: repaint every cell (blocks), re-send the image.
    var invalidate: Bool
    /// A point of the picture (pixels of the full-size frame) to pick a node at.
    var pick: (x: Float, y: Float)?
    /// Write a PNG of this frame here.
    var pngPath: String?
}

/// What came back: the terminal bytes, plus anything asked for.
struct PictureResult: Sendable {
    var id: Int
    /// Where the bytes draw: results for an older placement (before a resize) are dropped.
    var placement: ImagePlacement
    var bytes: [UInt8]
    var picked: Int??
    var renderMs: Double
    var encodeMs: Double
    var frameNumber: UInt64?
    var divisor = 1
    /// Drawn at interactive detail (a changing picture).
    var interactive = false
    /// Size and the renderer's phase times, for the frame log.
    var detail = ""
    var message: String?
    var failure: String?
}

/// The render thread: owns the OSMesa renderer (GL contexts are per thread)
/// and the terminal encoders, publishes every frame to the FrameBus, and
/// hands encoded bytes back. Requests are "newest wins": a request that
/// arrives while one is being drawn replaces any older one still waiting.
final class PictureWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: PictureRequest?
    private var results: [PictureResult] = []
    private var stopping = false
    private(set) var busy = false
    private var thread: Thread?
    private let bus: FrameBus?
    private let wake: () -> Void

    init(bus: FrameBus?, wake: @escaping @Sendable () -> Void) {
        self.bus = bus
        self.wake = wake
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

    /// True while a request is waiting or being drawn.
    var isWorking: Bool {
        condition.lock(); defer { condition.unlock() }
        return busy || pending != nil
    }

    func takeResults() -> [PictureResult] {
        condition.lock(); defer { condition.unlock() }
        let r = results
        results.removeAll()
        return r
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        while true {
            condition.lock()
            let done = thread == nil
            condition.unlock()
            if done { break }
            usleep(2000)
        }
    }

    // MARK: the thread

    private func loop() {
        var state = EncoderState()
        var renderer: Renderer?
        var rendererError: String?
        while true {
            condition.lock()
            while pending == nil && !stopping { condition.wait() }
            if stopping { thread = nil; condition.unlock(); return }
            let request = pending!
            pending = nil
            busy = true
            condition.unlock()

            var result = PictureResult(id: request.id, placement: request.placement, bytes: [], picked: nil, renderMs: 0, encodeMs: 0)
            result.divisor = request.divisor
            result.interactive = request.detail == .interactive
            result.detail = "\(request.detail)"
            do {
                let size = PictureWorker.renderSize(request.placement, divisor: request.divisor, sharing: request.sharing)
                if size.width < 8 || size.height < 8 {
                    result.failure = nil
                } else {
                    if renderer == nil && rendererError == nil {
                        do { renderer = try Renderer(width: size.width, height: size.height) }
                        catch { rendererError = "\(error)" }
                    }
                    guard let r = renderer else { throw RenderError(rendererError ?? "no renderer") }
                    if r.width != size.width || r.height != size.height { try r.resize(width: size.width, height: size.height) }
                    let t0 = Date()
                    let frame = try r.render(request.scene, camera: request.camera, theme: request.theme, detail: request.detail)
                    result.renderMs = Date().timeIntervalSince(t0) * 1000
                    let st = r.stats
                    result.detail = "\(request.detail) \(size.width)x\(size.height) "
                        + String(format: "prepare %.1f gl %.1f overlay %.1f", st.prepareMs, st.glMs, st.overlayMs)
                    if let p = request.pick {
                        let scale = Float(size.width) / Float(max(request.camera.width, 1))
                        result.picked = .some(r.pick(x: p.x * scale, y: p.y * scale, tolerance: 6 * max(scale, 1)))
                    }
                    if let bus {
                        result.frameNumber = try? bus.frames.publish(
                            UnsafeRawBufferPointer(start: frame.pixels, count: frame.stride * frame.height),
                            width: frame.width, height: frame.height, stride: frame.stride, format: .rgba8)
                    }
                    if let path = request.pngPath {
                        do {
                            try ImageEncoder.write(frame, to: path)
                            result.message = "wrote \(path)"
                        } catch { result.message = "could not write \(path): \(error)" }
                    }
                    let t1 = Date()
                    result.bytes = try state.encode(frame, request: request, palette: request.theme)
                    result.encodeMs = Date().timeIntervalSince(t1) * 1000
                }
            } catch {
                result.failure = "\(error)"
            }
            condition.lock()
            busy = false
            results.append(result)
            condition.unlock()
            wake()
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

/// The encoders, kept between frames (blitters remember the last frame).
private struct EncoderState {
    var sixel = SixelEncoder(threads: 1)
    var kitty = KittyEncoder(format: .rgb)
    var blocks = HalfBlockBlitter()
    var braille = BrailleBlitter()
    var paletteTheme: Theme?
    var palette: Palette?

    mutating func encode(_ frame: Frame, request: PictureRequest, palette theme: Theme) throws -> [UInt8] {
        let placement = request.placement
        var out: [UInt8] = []
        switch placement.mode {
        case .sixel:
            if paletteTheme != theme {
                palette = try Palette(theme.indexedPalette.colors.prefix(256).map { TerminalGraphics.RGB($0.r, $0.g, $0.b) })
                paletteTheme = theme
            }
            let image = RGBAImage(width: frame.width, height: frame.height, stride: frame.stride, pixels: frame.copyBytes())!
            sixel.pixelRepeat = request.divisor
            var payload: [UInt8] = []
            try sixel.encode(image, palette: palette!, into: &payload)
            placement.appendFrame(payload, into: &out)
        case .kitty:
            let image = RGBAImage(width: frame.width, height: frame.height, stride: frame.stride, pixels: frame.copyBytes())!
            kitty.cells = (placement.pane.columns, placement.pane.rows)
            var payload: [UInt8] = []
            try kitty.encode(image, palette: try Palette([TerminalGraphics.RGB(0, 0, 0)]), into: &payload)
            placement.appendFrame(payload, into: &out)
        case .blocks, .braille:
            let bg = theme.background
            let small = Downscale.foreground(frame, toWidth: placement.pixelSize.width, height: placement.pixelSize.height,
                                             background: (bg.r, bg.g, bg.b))
            let origin = CellPoint(row: placement.pane.row, column: placement.pane.column)
            var payload: [UInt8] = []
            if placement.mode == .blocks {
                if request.invalidate { blocks.invalidate() }
                blocks.blit(small, origin: origin, into: &payload)
            } else {
                if request.invalidate { braille.invalidate() }
                braille.blit(small, origin: origin, into: &payload)
            }
            if !payload.isEmpty { placement.appendFrame(payload, positioned: true, into: &out) }
        default:
            break
        }
        return out
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
