/// An RGBA frame, 8 bits per channel, rows `stride` bytes apart.
///
/// The pixels live in a Swift array, so handing a frame to an encoder moves or
/// shares it (copy-on-write) and never copies on the hot path. A renderer that
/// owns its buffer builds one with `init(width:height:stride:pixels:)`.
public struct RGBAImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Bytes from the start of one row to the next (≥ 4 × width).
    public let stride: Int
    /// Row-major RGBA bytes, `stride × height` of them.
    public var pixels: [UInt8]

    /// A frame over existing pixels; nil when the sizes do not fit together.
    public init?(width: Int, height: Int, stride: Int? = nil, pixels: [UInt8]) {
        let rowBytes = stride ?? width * 4
        guard width >= 0, height >= 0, rowBytes >= width * 4,
              pixels.count >= rowBytes * height else { return nil }
        self.width = width
        self.height = height
        self.stride = rowBytes
        self.pixels = pixels
    }

    /// A frame of one colour.
    public init(width: Int, height: Int, fill: RGB = RGB(0, 0, 0)) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.stride = self.width * 4
        var bytes = [UInt8](repeating: 255, count: self.stride * self.height)
        var i = 0
        while i < bytes.count {
            bytes[i] = fill.r; bytes[i + 1] = fill.g; bytes[i + 2] = fill.b
            i += 4
        }
        self.pixels = bytes
    }

    /// The colour at (x, y), alpha ignored; callers keep x, y in range.
    @inlinable
    public func rgb(x: Int, y: Int) -> RGB {
        let o = y * stride + x * 4
        return RGB(pixels[o], pixels[o + 1], pixels[o + 2])
    }

    /// Sets the pixel at (x, y) when it lies inside the frame.
    @inlinable
    public mutating func set(x: Int, y: Int, _ c: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let o = y * stride + x * 4
        pixels[o] = c.r; pixels[o + 1] = c.g; pixels[o + 2] = c.b; pixels[o + 3] = 255
    }

    /// A nearest-neighbour resample to `newWidth × newHeight` (the governor's
    /// lower-resolution frames when the renderer cannot render smaller itself).
    public func scaled(toWidth newWidth: Int, height newHeight: Int) -> RGBAImage {
        let w = max(1, newWidth), h = max(1, newHeight)
        guard width > 0, height > 0 else { return RGBAImage(width: w, height: h) }
        var out = [UInt8](repeating: 0, count: w * h * 4)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    let sy = y * height / h
                    for x in 0..<w {
                        let so = sy * stride + (x * width / w) * 4
                        let d = (y * w + x) * 4
                        dst[d] = src[so]; dst[d + 1] = src[so + 1]
                        dst[d + 2] = src[so + 2]; dst[d + 3] = src[so + 3]
                    }
                }
            }
        }
        return RGBAImage(width: w, height: h, stride: w * 4, pixels: out)!
    }
}

/// An opaque colour.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    @inlinable
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }

    /// `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
    }

    /// Squared Euclidean distance in RGB.
    @inlinable
    public func distanceSquared(_ o: RGB) -> Int {
        let dr = Int(r) - Int(o.r), dg = Int(g) - Int(o.g), db = Int(b) - Int(o.b)
        return dr * dr + dg * dg + db * db
    }

    public var description: String {
        let h = "0123456789abcdef".map { $0 }
        return "#" + [r, g, b].map { "\(h[Int($0 >> 4)])\(h[Int($0 & 15)])" }.joined()
    }
}
