import CSixel

/// Sixel through libsixel: the reference encoder and an alternative to
/// `SixelEncoder`.
///
/// `.fixedPalette` maps the frame to the theme's palette ourselves and hands
/// libsixel 8-bit indices (PAL8) with no diffusion. `.quantizing` is libsixel's
/// own path, the way img2sixel works: a per-frame palette by median cut
/// (`sixel_dither_initialize`), with or without Floyd–Steinberg diffusion.
public final class LibSixelEncoder: PixelEncoder {
    /// How colours are chosen.
    public enum Mode: Sendable, Equatable {
        /// The theme's palette, pixels indexed by us (PAL8), no diffusion.
        case fixedPalette
        /// libsixel's per-frame palette of `colors`, diffusion optional.
        case quantizing(colors: Int, diffusion: Bool)
    }

    public let mode: Mode
    private var indexer: PaletteIndexer?
    private var dither: OpaquePointer?
    private var indices: [UInt8] = []
    private var used = [Bool](repeating: false, count: 256)
    private let sink = SixelSink()
    private var output: OpaquePointer?

    public init(mode: Mode = .fixedPalette) throws(TerminalGraphicsError) {
        self.mode = mode
        var out: OpaquePointer?
        let status = sixel_output_new(&out, { data, size, priv in
            guard let data, let priv, size > 0 else { return 0 }
            let sink = Unmanaged<SixelSink>.fromOpaque(priv).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: Int(size)) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(size)))
            }
            return size
        }, Unmanaged.passUnretained(sink).toOpaque(), nil)
        guard status & 0x1000 == 0, let out else {
            throw TerminalGraphicsError("libsixel: cannot create an output context (status \(status))")
        }
        output = out
    }

    deinit {
        if let dither { sixel_dither_unref(dither) }
        if let output { sixel_output_unref(output) }
    }

    public func encode(_ image: RGBAImage, palette: Palette, into out: inout [UInt8]) throws(TerminalGraphicsError) {
        guard image.width > 0, image.height > 0 else {
            throw TerminalGraphicsError("libsixel: expected a non-empty image, found \(image.width)×\(image.height)")
        }
        sink.bytes = out
        out = []
        defer { out = sink.bytes; sink.bytes = [] }
        switch mode {
        case .fixedPalette: try encodeIndexed(image, palette: palette)
        case .quantizing(let colors, let diffusion): try encodeQuantized(image, colors: colors, diffusion: diffusion)
        }
    }

    private func encodeIndexed(_ image: RGBAImage, palette: Palette) throws(TerminalGraphicsError) {
        let w = image.width, h = image.height
        if indexer?.palette != palette {
            indexer = PaletteIndexer(palette)
            if let dither { sixel_dither_unref(dither) }
            dither = nil
            var made: OpaquePointer?
            guard sixel_dither_new(&made, Int32(palette.colors.count), nil) & 0x1000 == 0, let made else {
                throw TerminalGraphicsError("libsixel: cannot create a dither for \(palette.colors.count) colours")
            }
            var rgb = palette.colors.flatMap { [$0.r, $0.g, $0.b] }
            rgb.withUnsafeMutableBufferPointer { sixel_dither_set_palette(made, $0.baseAddress) }
            sixel_dither_set_diffusion_type(made, SIXEL_DIFFUSE_NONE)
            dither = made
        }
        guard let indexer, let dither, let output else { return }
        if indices.count < w * h { indices = [UInt8](repeating: 0, count: w * h) }
        indices.withUnsafeMutableBufferPointer { idx in
            used.withUnsafeMutableBufferPointer { u in
                indexer.map(image, rows: 0..<h, into: idx.baseAddress!, used: u.baseAddress!)
            }
        }
        // sixel_encode rewrites the dither's pixel format after each call; set it every time.
        sixel_dither_set_pixelformat(dither, SIXEL_PIXELFORMAT_PAL8)
        let status = indices.withUnsafeMutableBufferPointer {
            sixel_encode($0.baseAddress, Int32(w), Int32(h), 1, dither, output)
        }
        guard status & 0x1000 == 0 else { throw TerminalGraphicsError("libsixel: sixel_encode failed (status \(status))") }
    }

    private func encodeQuantized(_ image: RGBAImage, colors: Int, diffusion: Bool) throws(TerminalGraphicsError) {
        guard let output else { return }
        let w = image.width, h = image.height
        // libsixel reads tightly packed rows and may write into the buffer while dithering.
        var packed = [UInt8](repeating: 0, count: w * h * 4)
        image.pixels.withUnsafeBufferPointer { src in
            packed.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    (dst.baseAddress! + y * w * 4).update(from: src.baseAddress! + y * image.stride, count: w * 4)
                }
            }
        }
        var made: OpaquePointer?
        guard sixel_dither_new(&made, Int32(max(2, min(256, colors))), nil) & 0x1000 == 0, let made else {
            throw TerminalGraphicsError("libsixel: cannot create a dither for \(colors) colours")
        }
        defer { sixel_dither_unref(made) }
        var status = packed.withUnsafeMutableBufferPointer {
            sixel_dither_initialize(made, $0.baseAddress, Int32(w), Int32(h), SIXEL_PIXELFORMAT_RGBA8888,
                                    SIXEL_LARGE_AUTO, SIXEL_REP_AUTO, SIXEL_QUALITY_AUTO)
        }
        guard status & 0x1000 == 0 else {
            throw TerminalGraphicsError("libsixel: sixel_dither_initialize failed (status \(status))")
        }
        sixel_dither_set_diffusion_type(made, diffusion ? SIXEL_DIFFUSE_FS : SIXEL_DIFFUSE_NONE)
        sixel_dither_set_pixelformat(made, SIXEL_PIXELFORMAT_RGBA8888)
        status = packed.withUnsafeMutableBufferPointer {
            sixel_encode($0.baseAddress, Int32(w), Int32(h), 3, made, output)
        }
        guard status & 0x1000 == 0 else { throw TerminalGraphicsError("libsixel: sixel_encode failed (status \(status))") }
    }
}

/// Where libsixel's write callback puts its bytes.
final class SixelSink {
    var bytes: [UInt8] = []
}
