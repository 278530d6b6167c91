#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// The bytes of a file or stdin a chunk at a time, inflated on the way when
/// they are gzip data (several concatenated members are fine), so a reader
/// that streams never holds the whole file.
final class ChunkedInput {
    /// What errors call the input (a path or `<stdin>`).
    let source: String
    private let fd: Int32
    private let ownsFD: Bool
    /// Raw bytes read but not yet handed out (or inflated): `raw[rawStart..<rawEnd]`.
    private let raw: UnsafeMutablePointer<UInt8>
    private let rawCapacity: Int
    private var rawStart = 0
    private var rawEnd = 0
    private var rawEOF = false
    private var zstream: UnsafeMutablePointer<z_stream>? = nil
    /// Set when a gzip member ended and no more input followed.
    private var inflateDone = false
    /// The size of a regular file (0 for stdin and the like), so a reader
    /// that wants it all can allocate once.
    private(set) var fileSize = 0
    /// Bytes read from the file or stdin so far (before inflating).
    private(set) var bytesRead = 0
    /// Told `bytesRead` after every mebibyte or so, and at the end.
    var onRead: ((Int) -> Void)?
    private var reported = 0

    /// Opens `path` (`-` for stdin).
    init(path: String) throws {
        if path == "-" {
            fd = 0
            ownsFD = false
            source = "<stdin>"
        } else {
            let fd = open(path, O_RDONLY)
            if fd < 0 { throw GraphError(source: path, "cannot open: \(String(cString: strerror(errno)))") }
            var st = stat()
            if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw GraphError(source: path, "is a directory, not a graph file")
            }
            self.fd = fd
            ownsFD = true
            source = path
            if (st.st_mode & S_IFMT) == S_IFREG { fileSize = Int(st.st_size) }
        }
        rawCapacity = 1 << 18
        raw = .allocate(capacity: rawCapacity)
        // Fully initialised: if anything below throws, deinit closes and frees.
        try fillRaw(minimum: 2)
        try startInflatingIfGzip()
    }

    /// Bytes already in memory, handed out as a stream would (the fuzz
    /// harness compares streamed and whole reads with it).
    init(bytes: [UInt8], source: String) throws {
        fd = -1
        ownsFD = false
        self.source = source
        rawCapacity = max(bytes.count, 1)
        raw = .allocate(capacity: rawCapacity)
        bytes.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { raw.initialize(from: base, count: b.count) }
        }
        rawEnd = bytes.count
        rawEOF = true
        try startInflatingIfGzip()
    }

    private func startInflatingIfGzip() throws {
        if rawEnd - rawStart >= 2 && raw[rawStart] == 0x1F && raw[rawStart + 1] == 0x8B {
            let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            z.initialize(to: z_stream())
            guard inflateInit2_(z, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                z.deallocate()
                throw GraphError(source: source, "cannot start gzip decompression")
            }
            zstream = z
        }
    }

    deinit {
        if let z = zstream {
            inflateEnd(z)
            z.deinitialize(count: 1)
            z.deallocate()
        }
        if ownsFD { close(fd) }
        raw.deallocate()
    }

    /// Up to `count` (decoded) bytes into `buffer`; 0 at the end of the input.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        guard count > 0 else { return 0 }
        guard let z = zstream else {
            if rawStart < rawEnd {
                let n = min(count, rawEnd - rawStart)
                buffer.update(from: raw + rawStart, count: n)
                rawStart += n
                return n
            }
            return rawEOF ? 0 : try systemRead(buffer, count)
        }
        return try inflate(z, into: buffer, count: count)
    }

    /// True when the bytes are inflated from gzip on the way.
    var isCompressed: Bool { zstream != nil }

    /// Everything left, appended to `bytes`, refusing to hold more than
    /// `limit` bytes in all: the error says so, and nothing past the limit
    /// is read. Capacity is reserved once (untouched pages cost no memory),
    /// so the array never doubles while it fills.
    func readAll(appendingTo bytes: inout [UInt8], limit: Int, what: String) throws {
        bytes.reserveCapacity(min(limit, zstream == nil && fileSize > 0 ? fileSize : limit) + 1)
        while bytes.count <= limit {
            if try read(min(bytes.count + (1 << 20), limit + 1), appendingTo: &bytes) { return }
        }
        throw GraphError(source: source, what)
    }

    /// Everything left, appended to `bytes`.
    func readAll(appendingTo bytes: inout [UInt8]) throws {
        if zstream == nil && fileSize > bytes.count { bytes.reserveCapacity(fileSize + 1) }
        while try !read(bytes.count + (1 << 20), appendingTo: &bytes) {}
    }

    /// Reads until `bytes` holds `count` bytes or the input ends; true if it ended.
    func read(_ count: Int, appendingTo bytes: inout [UInt8]) throws -> Bool {
        guard bytes.count < count else { return false }
        var ended = false
        let more = try [UInt8](unsafeUninitializedCapacity: count - bytes.count) { b, filled in
            filled = 0
            while filled < b.count {
                let n = try read(into: b.baseAddress! + filled, count: b.count - filled)
                if n == 0 { ended = true; break }
                filled += n
            }
        }
        bytes.append(contentsOf: more)
        return ended
    }

    // MARK: private

    private func inflate(_ z: UnsafeMutablePointer<z_stream>, into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        if inflateDone { return 0 }
        z.pointee.next_out = buffer
        z.pointee.avail_out = UInt32(min(count, Int(UInt32.max)))
        let capacity = Int(z.pointee.avail_out)
        while z.pointee.avail_out == UInt32(capacity) {
            if rawStart == rawEnd {
                if !rawEOF { try fillRaw(minimum: 1) }
                if rawStart == rawEnd {
                    // Input over in the middle of a member.
                    throw GraphError(source: source, "gzip data is truncated: the compressed stream ends early")
                }
            }
            z.pointee.next_in = raw + rawStart
            z.pointee.avail_in = UInt32(rawEnd - rawStart)
            let status = CZlib.inflate(z, Z_NO_FLUSH)
            rawStart = rawEnd - Int(z.pointee.avail_in)
            if status == Z_STREAM_END {
                if rawStart == rawEnd && !rawEOF { try fillRaw(minimum: 1) }
                if rawStart == rawEnd {
                    inflateDone = true
                    break
                }
                inflateReset(z)  // the next gzip member
                continue
            }
            if status != Z_OK {
                let why = z.pointee.msg.map { String(cString: $0) } ?? "corrupt data"
                throw GraphError(source: source, "gzip data is damaged (\(why))")
            }
        }
        return capacity - Int(z.pointee.avail_out)
    }

    /// Refills `raw` (dropping what was used) until it holds `minimum` unused bytes or the file ends.
    private func fillRaw(minimum: Int) throws {
        if rawStart > 0 {
            (raw).update(from: raw + rawStart, count: rawEnd - rawStart)
            rawEnd -= rawStart
            rawStart = 0
        }
        while rawEnd < minimum && !rawEOF {
            let n = try systemRead(raw + rawEnd, rawCapacity - rawEnd)
            if n == 0 { rawEOF = true }
            rawEnd += n
        }
    }

    private func systemRead(_ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) throws -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, buffer, count)
            #else
            let n = Darwin.read(fd, buffer, count)
            #endif
            if n >= 0 {
                bytesRead += n
                if let onRead, n == 0 || bytesRead - reported >= 1 << 20 {
                    reported = bytesRead
                    onRead(bytesRead)
                }
                return n
            }
            if errno == EINTR { continue }
            throw GraphError(source: source, "read failed: \(String(cString: strerror(errno)))")
        }
    }
}
