import CSixel
import Testing
@testable import TerminalGraphics

/// A sixel image decoded by libsixel's own decoder (`sixel_decode_raw`).
struct DecodedSixel {
    let width: Int
    let height: Int
    let indices: [UInt8]
    let palette: [RGB]

    init(_ sixel: [UInt8]) throws {
        var bytes = sixel
        var pixels: UnsafeMutablePointer<UInt8>?
        var paletteBytes: UnsafeMutablePointer<UInt8>?
        var w: Int32 = 0, h: Int32 = 0, n: Int32 = 0
        let status = bytes.withUnsafeMutableBufferPointer {
            sixel_decode_raw($0.baseAddress, Int32($0.count), &pixels, &w, &h, &paletteBytes, &n, nil)
        }
        defer { free(pixels); free(paletteBytes) }
        guard status & 0x1000 == 0, let pixels, let paletteBytes else {
            throw TerminalGraphicsError("libsixel could not decode (status \(status))")
        }
        width = Int(w); height = Int(h)
        indices = Array(UnsafeBufferPointer(start: pixels, count: width * height))
        palette = (0..<Int(n)).map { RGB(paletteBytes[$0 * 3], paletteBytes[$0 * 3 + 1], paletteBytes[$0 * 3 + 2]) }
    }

    func rgb(x: Int, y: Int) -> RGB { palette[Int(indices[y * width + x])] }
}

/// What a sixel colour register can hold: each channel as a whole percent.
func sixelRounded(_ c: RGB) -> RGB {
    func q(_ v: UInt8) -> UInt8 {
        let percent: Int = (Int(v) * 100 + 127) / 255
        return UInt8((percent * 255 + 50) / 100)
    }
    return RGB(q(c.r), q(c.g), q(c.b))
}

/// The largest per-channel difference.
func channelError(_ a: RGB, _ b: RGB) -> Int {
    let dr: Int = abs(Int(a.r) - Int(b.r))
    let dg: Int = abs(Int(a.g) - Int(b.g))
    let db: Int = abs(Int(a.b) - Int(b.b))
    return max(dr, dg, db)
}

#if canImport(Glibc)
import Glibc
#endif
