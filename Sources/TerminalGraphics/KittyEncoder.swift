import CZlib

/// The kitty graphics protocol: zlib-compressed pixels, base64 in chunks of at
/// most 4096 bytes (`m=1` on all but the last), one image id reused so each
/// frame replaces the previous one (and its placement) in place.
///
/// First chunk: `ESC _ G a=T,f=32,o=z,s=W,v=H,i=ID,p=PID,C=1,q=2[,c=COLS,r=ROWS],m=1 ; data ESC \`.
/// `C=1` keeps the cursor still, `q=2` silences replies (they would reach the
/// TUI's input), `c`/`r` scale the image to exactly the pane's cells.
public final class KittyEncoder: PixelEncoder {
    /// Pixel format on the wire.
    public enum Format: Int, Sendable {
        /// 4 bytes a pixel (`f=32`).
        case rgba = 32
        /// 3 bytes a pixel (`f=24`): renderer frames are opaque, so this is a
        /// quarter less to compress.
        case rgb = 24
    }

    /// The image id every frame reuses (1…4294967295).
    public var imageID: UInt32
    /// The placement id inside the image.
    public var placementID: UInt32
    /// Wire format.
    public var format: Format
    /// zlib level (1 = fastest).
    public var compressionLevel: Int32
    /// When set, the image is scaled to this many cells (columns, rows).
    public var cells: (columns: Int, rows: Int)?

    private var raw: [UInt8] = []
    private var compressed: [UInt8] = []

    /// Largest base64 payload in one escape sequence, per the protocol.
    public static let chunkSize = 4096

    public init(imageID: UInt32 = 7_340_031, placementID: UInt32 = 1, format: Format = .rgba,
                compressionLevel: Int32 = 1) {
        self.imageID = max(1, imageID)
        self.placementID = max(1, placementID)
        self.format = format
        self.compressionLevel = compressionLevel
    }

    public func encode(_ image: RGBAImage, palette: Palette, into out: inout [UInt8]) throws(TerminalGraphicsError) {
        let w = image.width, h = image.height
        guard w > 0, h > 0 else {
            throw TerminalGraphicsError("kitty: expected a non-empty image, found \(w)×\(h)")
        }
        try pack(image)
        try deflate()
        var control = "a=T,f=\(format.rawValue),o=z,s=\(w),v=\(h),i=\(imageID),p=\(placementID),C=1,q=2"
        if let cells { control += ",c=\(cells.columns),r=\(cells.rows)" }
        Base64.chunks(of: compressed, size: Self.chunkSize) { chunk, isLast, isFirst in
            out.append(contentsOf: [0x1B, 0x5F, 0x47])                 // ESC _ G
            if isFirst { out.append(ascii: control); out.append(0x2C) }  // ','
            out.append(contentsOf: [0x6D, 0x3D, isLast ? 0x30 : 0x31, 0x3B]) // m=0|1;
            out.append(contentsOf: chunk)
            out.append(contentsOf: [0x1B, 0x5C])                       // ESC \
        }
    }

    /// `ESC _ G a=d,d=i,i=ID,q=2 ESC \`: removes this image's placements
    /// (after a resize or when the pane closes); the lower-case `i` keeps the
    /// data so the next frame can reuse the id.
    public func deleteSequence() -> [UInt8] {
        Array("\u{1B}_Ga=d,d=i,i=\(imageID),q=2\u{1B}\\".utf8)
    }

    private func pack(_ image: RGBAImage) throws(TerminalGraphicsError) {
        let w = image.width, h = image.height
        let bpp = format == .rgba ? 4 : 3
        if raw.count != w * h * bpp { raw = [UInt8](repeating: 0, count: w * h * bpp) }
        image.pixels.withUnsafeBufferPointer { src in
            raw.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                for y in 0..<h {
                    let row = s + y * image.stride
                    let o = d + y * w * bpp
                    if bpp == 4 {
                        o.update(from: row, count: w * 4)
                    } else {
                        for x in 0..<w {
                            o[x * 3] = row[x * 4]; o[x * 3 + 1] = row[x * 4 + 1]; o[x * 3 + 2] = row[x * 4 + 2]
                        }
                    }
                }
            }
        }
    }

    private func deflate() throws(TerminalGraphicsError) {
        let bound = Int(compressBound(uLong(raw.count)))
        if compressed.count < bound { compressed = [UInt8](repeating: 0, count: bound) }
        var length = uLongf(compressed.count)
        let status = compressed.withUnsafeMutableBufferPointer { dst in
            raw.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &length, src.baseAddress, uLong(src.count), compressionLevel)
            }
        }
        guard status == Z_OK else { throw TerminalGraphicsError("kitty: zlib compress2 failed (status \(status))") }
        compressed.removeSubrange(Int(length)...)
    }
}
