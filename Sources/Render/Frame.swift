import Foundation

/// A rendered picture: RGBA, 8 bits a channel, top row first, `stride` bytes
/// a row. It points into the renderer's own buffer — no copy. The memory
/// stays valid as long as the frame exists (the frame keeps it alive), but
/// the renderer's next `render` draws over it; copy what must outlive that.
public struct Frame {
    public let pixels: UnsafePointer<UInt8>
    public let width: Int
    public let height: Int
    public let stride: Int
    private let owner: AnyObject?

    /// A frame over memory someone else keeps alive (encoders' tests, tools).
    public init(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) {
        self.init(pixels: pixels, width: width, height: height, stride: stride, owner: nil)
    }

    init(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int, owner: AnyObject?) {
        self.pixels = pixels
        self.width = width
        self.height = height
        self.stride = stride
        self.owner = owner
    }

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
    /// Drawing stopped part-way (`Renderer.shouldStop`): the frame is unfinished.
    public var stopped = false
    /// Nodes drawn as discs (by GL, or painted at interactive detail).
    public var nodesDrawn = 0
    /// Nodes splatted into the density layer (interactive detail, big graphs).
    public var nodesSplatted = 0
    /// Density layer resolution divisor (0 when no layer was drawn).
    public var layerScale = 0
    public var labels = 0
    /// Milliseconds spent preparing (uploads, projection, density layer on the
    /// CPU), in GL (drawing until glFinish; none for interactive frames), and
    /// drawing labels and legend.
    public var prepareMs = 0.0
    public var glMs = 0.0
    public var overlayMs = 0.0
    /// Milliseconds painting an interactive frame on the CPU: the density
    /// layer over the background, the selection's edges, the nodes.
    public var paintMs = 0.0
}

