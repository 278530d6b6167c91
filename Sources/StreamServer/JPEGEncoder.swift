import CTurboJPEG

/// Encodes RGBA/BGRA frames to JPEG with libjpeg-turbo. One instance per
/// thread: a TurboJPEG handle is not safe to share.
public final class JPEGEncoder {
    private let handle: tjhandle
    private var output: UnsafeMutablePointer<UInt8>?
    private var outputCapacity = 0
    private var halfBuffer: [UInt8] = []

    public init() throws {
        guard let handle = tjInitCompress() else {
            throw StreamServerError("libjpeg-turbo: cannot create a compressor")
        }
        self.handle = handle
    }

    deinit {
        tjDestroy(handle)
        output?.deallocate()
    }

    /// Encodes `pixels` (stride × height bytes) and hands the JPEG bytes to
    /// `body`, valid only during the call. `halfSize` halves both sides first
    /// (a 2×2 box filter), for cheap frames while someone drags.
    public func encode<R>(_ pixels: UnsafeRawBufferPointer, info: SourceFrameInfo, quality: Int, halfSize: Bool = false,
                          _ body: (UnsafeRawBufferPointer, _ width: Int, _ height: Int) throws -> R) throws -> R {
        guard info.width > 0, info.height > 0, info.stride >= info.width * 4,
              pixels.count >= info.stride * info.height, let base = pixels.baseAddress else {
            throw StreamServerError("frame \(info.width)×\(info.height) stride \(info.stride) does not fit \(pixels.count) bytes")
        }
        if halfSize, info.width >= 2, info.height >= 2 {
            let w = info.width / 2, h = info.height / 2
            downsample(base, info: info, width: w, height: h)
            return try halfBuffer.withUnsafeBytes { half in
                try compress(half.baseAddress!, width: w, height: h, stride: w * 4, format: info.format,
                             quality: quality, body)
            }
        }
        return try compress(base, width: info.width, height: info.height, stride: info.stride, format: info.format,
                            quality: quality, body)
    }

    private func compress<R>(_ source: UnsafeRawPointer, width: Int, height: Int, stride: Int, format: SourcePixelFormat,
                             quality: Int, _ body: (UnsafeRawBufferPointer, Int, Int) throws -> R) throws -> R {
        let subsampling = Int32(TJSAMP_420.rawValue)
        let needed = Int(tjBufSize(Int32(width), Int32(height), subsampling))
        if needed > outputCapacity {
            output?.deallocate()
            output = UnsafeMutablePointer<UInt8>.allocate(capacity: needed)
            outputCapacity = needed
        }
        var jpeg: UnsafeMutablePointer<UInt8>? = output
        var size: UInt = UInt(outputCapacity)
        let pixelFormat = format == .rgba8 ? Int32(TJPF_RGBX.rawValue) : Int32(TJPF_BGRX.rawValue)
        // NOREALLOC: write into our buffer, sized by tjBufSize for the worst case.
        let flags = Int32(TJFLAG_NOREALLOC | TJFLAG_FASTDCT)
        let status = tjCompress2(handle, source.assumingMemoryBound(to: UInt8.self), Int32(width), Int32(stride),
                                 Int32(height), pixelFormat, &jpeg, &size, subsampling,
                                 Int32(max(1, min(100, quality))), flags)
        guard status == 0, let jpeg else {
            throw StreamServerError("libjpeg-turbo: \(String(cString: tjGetErrorStr2(handle)))")
        }
        return try body(UnsafeRawBufferPointer(start: jpeg, count: Int(size)), width, height)
    }

    /// 2×2 box filter into `halfBuffer` (4 bytes a pixel, byte order kept).
    private func downsample(_ source: UnsafeRawPointer, info: SourceFrameInfo, width: Int, height: Int) {
        let count = width * height * 4
        if halfBuffer.count != count { halfBuffer = [UInt8](repeating: 0, count: count) }
        let src = source.assumingMemoryBound(to: UInt8.self)
        let stride = info.stride
        halfBuffer.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height {
                let row0 = src + (2 * y) * stride
                let row1 = row0 + stride
                var o = y * width * 4
                for x in 0..<width {
                    let i = x * 8
                    for c in 0..<4 {
                        let sum = UInt16(row0[i + c]) + UInt16(row0[i + 4 + c]) + UInt16(row1[i + c]) + UInt16(row1[i + 4 + c])
                        dst[o + c] = UInt8(truncatingIfNeeded: (sum + 2) >> 2)
                    }
                    o += 4
                }
            }
        }
    }
}
