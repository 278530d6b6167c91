import CPNG
import CTurboJPEG
import Foundation
import GraphCore

/// PNG (libpng) and JPEG (libjpeg-turbo) encoding of frames.
public enum ImageEncoder {
    public enum Format: String, Sendable, CaseIterable {
        case png, jpeg

        /// The format a file name asks for by its extension, if one we write.
        public init?(fileName: String) {
            let ext = fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
            switch ext {
            case "png": self = .png
            case "jpg", "jpeg": self = .jpeg
            default: return nil
            }
        }
    }

    /// The frame as a PNG file's bytes (RGB, 8 bits a channel).
    public static func png(_ frame: Frame) throws -> [UInt8] {
        // Frames are opaque: drop alpha for a smaller file.
        var rgb = [UInt8](repeating: 0, count: frame.width * frame.height * 3)
        for y in 0..<frame.height {
            let row = frame.pixels + y * frame.stride
            for x in 0..<frame.width {
                let o = (y * frame.width + x) * 3
                rgb[o] = row[4 * x]; rgb[o + 1] = row[4 * x + 1]; rgb[o + 2] = row[4 * x + 2]
            }
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(frame.width)
        image.height = UInt32(frame.height)
        image.format = UInt32(PNG_FORMAT_RGB)
        var size: png_alloc_size_t = 0
        let stride = Int32(frame.width * 3)
        guard png_image_write_to_memory(&image, nil, &size, 0, rgb, stride, nil) != 0, size > 0 else {
            throw RenderError("PNG encoding failed: \(pngMessage(&image))")
        }
        var out = [UInt8](repeating: 0, count: Int(size))
        let ok = out.withUnsafeMutableBytes { png_image_write_to_memory(&image, $0.baseAddress, &size, 0, rgb, stride, nil) }
        guard ok != 0 else { throw RenderError("PNG encoding failed: \(pngMessage(&image))") }
        png_image_free(&image)
        return Array(out.prefix(Int(size)))
    }

    private static func pngMessage(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// The frame as a JPEG file's bytes (4:2:0, `quality` 1…100).
    public static func jpeg(_ frame: Frame, quality: Int = 90) throws -> [UInt8] {
        let encoder = try JPEGEncoder()
        return try encoder.encode(frame, quality: quality)
    }

    /// The frame encoded as the file name's extension says (.png, .jpg, .jpeg).
    public static func encode(_ frame: Frame, fileName: String, quality: Int = 90) throws -> [UInt8] {
        guard let format = Format(fileName: fileName) else {
            throw RenderError(file: fileName, "unknown image type (expected .png, .jpg or .jpeg)")
        }
        return format == .png ? try png(frame) : try jpeg(frame, quality: quality)
    }

    /// Encodes the frame as the file name's extension says and writes it.
    public static func write(_ frame: Frame, to path: String, quality: Int = 90) throws {
        let bytes = try encode(frame, fileName: path, quality: quality)
        do { try OutputFile.write(bytes, to: path) } catch {
            throw RenderError(file: path, "cannot write the file")
        }
    }

    /// Writes the frame into a file just created for it (``GraphCore/NewFile``:
    /// never an existing file, never through a link), PNG or JPEG by its
    /// name, then closes it.
    public static func write(_ frame: Frame, to file: NewFile, quality: Int = 90) throws {
        defer { file.close() }
        let bytes = try encode(frame, fileName: file.path, quality: quality)
        do { try file.write(bytes) } catch {
            throw RenderError(file: file.path, "cannot write the file: \(error)")
        }
    }
}

/// A reusable libjpeg-turbo compressor: keeps its handle and output buffer
/// between frames (the stream server encodes every frame with one).
public final class JPEGEncoder {
    private let handle: tjhandle
    private var buffer: UnsafeMutablePointer<UInt8>?
    private var capacity: UInt = 0

    public init() throws {
        guard let h = tjInitCompress() else { throw RenderError("libjpeg-turbo could not start a compressor") }
        handle = h
    }

    deinit {
        if let buffer { tjFree(buffer) }
        tjDestroy(handle)
    }

    /// The frame as JPEG bytes; `quality` 1…100.
    public func encode(_ frame: Frame, quality: Int = 90) throws -> [UInt8] {
        let need = tjBufSize(Int32(frame.width), Int32(frame.height), Int32(TJSAMP_420.rawValue))
        if need > capacity {
            if let buffer { tjFree(buffer) }
            buffer = tjAlloc(Int32(need))
            capacity = buffer == nil ? 0 : need
        }
        guard buffer != nil else { throw RenderError("libjpeg-turbo could not allocate \(need) bytes") }
        var size = capacity
        let q = Int32(min(max(quality, 1), 100))
        let status = tjCompress2(handle, frame.pixels, Int32(frame.width), Int32(frame.stride), Int32(frame.height),
                                 Int32(TJPF_RGBA.rawValue), &buffer, &size, Int32(TJSAMP_420.rawValue), q,
                                 TJFLAG_NOREALLOC)
        guard status == 0, let buffer else {
            throw RenderError("JPEG encoding failed: \(String(cString: tjGetErrorStr2(handle)))")
        }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }
}
