/// A rendered picture: RGBA, 8 bits a channel, top row first, `stride` bytes
/// a row. It points into the renderer's own buffer — no copy — and stays
/// valid until that renderer's next `render` or `resize`.
public struct Frame {
    public let pixels: UnsafePointer<UInt8>
    public let width: Int
    public let height: Int
    public let stride: Int

    /// The colour at (x, y) (top-left origin); nil outside the frame.
    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8)? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let p = pixels + y * stride + x * 4
        return (p[0], p[1], p[2], p[3])
    }

    /// The colour at (x, y) without alpha; nil outside the frame.
    public func rgb(x: Int, y: Int) -> RGB? {
        pixel(x: x, y: y).map { RGB($0.r, $0.g, $0.b) }
    }

    /// A copy of the pixels, row by row, for keeping past the next render.
    public func copyBytes() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: width * height * 4)
        out.withUnsafeMutableBytes { dst in
            for y in 0..<height {
                (dst.baseAddress! + y * width * 4).copyMemory(from: pixels + y * stride, byteCount: width * 4)
            }
        }
        return out
    }
}

/// What the last frame did, for benchmarks and the status line.
public struct FrameStats: Sendable, Equatable {
    public var detail: Renderer.Detail = .full
    /// Edges sent to GL as lines (full detail) or rasterized into the density layer.
    public var edgesDrawn = 0
    /// Edges skipped as shorter than a pixel or off screen.
    public var edgesSkipped = 0
    /// Nodes drawn as GL discs.
    public var nodesDrawn = 0
    /// Nodes splatted into the density layer (interactive detail, big graphs).
    public var nodesSplatted = 0
    /// Density layer resolution divisor (0 when no layer was drawn).
    public var layerScale = 0
    public var labels = 0
}
