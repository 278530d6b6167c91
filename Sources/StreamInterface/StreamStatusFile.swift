import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where ``StreamStatus`` lives and how it is written and read.
///
/// The file sits beside the FrameBus segment: segment `/tangle-UID-PID` (which
/// Linux keeps as `/dev/shm/tangle-UID-PID`) has its status in
/// `/dev/shm/tangle-UID-PID.json`. The writer replaces it atomically (write a
/// temporary file in the same directory, then rename), so a reader sees a whole
/// old document or a whole new one, never half of each. The creator of the
/// segment removes the file when it removes the segment; readers never do.
public enum StreamStatusFile {
    /// Largest status document a reader accepts; anything bigger is refused.
    public static let maxBytes = 64 * 1024

    /// The status file for a FrameBus segment name such as `/tangle-1000-4242`.
    /// `directory` defaults to `/dev/shm` where it exists, else the temporary directory.
    public static func path(forSegment segment: String, directory: String? = nil) -> String {
        var base = Substring(segment)
        while base.hasPrefix("/") { base = base.dropFirst() }
        let safe = base.map { $0 == "/" ? "_" : $0 }
        return (directory ?? defaultDirectory) + "/" + String(safe) + ".json"
    }

    /// `/dev/shm` on Linux (beside the segments), the temporary directory elsewhere.
    public static var defaultDirectory: String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDir), isDir.boolValue { return "/dev/shm" }
        return NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
    }

    /// Writes `status` to `path` atomically, readable by the owner only.
    ///
    /// The new document goes to a fresh temporary file (`O_CREAT|O_EXCL|O_NOFOLLOW`,
    /// mode 0600) and is renamed over `path`. A `path` that is not this user's
    /// regular file (planted by another user in the sticky `/dev/shm`, a link,
    /// a FIFO) is not replaced: the write fails with an error saying so.
    public static func write(_ status: StreamStatus, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(status)
        var st = stat()
        if lstat(path, &st) == 0 {
            if let why = untrusted(st) { throw StreamStatusError("\(path): \(why); not replaced") }
        }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StreamStatusError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var failure: String?
        if fchmod(fd, 0o600) != 0 { failure = "fchmod: \(String(cString: strerror(errno)))" }
        if failure == nil {
            failure = data.withUnsafeBytes { raw -> String? in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return "write: \(String(cString: strerror(errno)))"
                    }
                    offset += n
                }
                return nil
            }
        }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 {
            failure = "cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))"
        }
        if let failure {
            unlink(temporary)
            throw StreamStatusError(failure)
        }
    }

    /// Reads the status at `path`. Nil when there is none; throws for a file that
    /// is not this user's private regular file (another user's, a link, a FIFO),
    /// too big, not JSON of this shape, or of a version this reader does not know.
    public static func read(from path: String) throws -> StreamStatus? {
        // O_NONBLOCK: a FIFO planted here must not block the open.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw StreamStatusError("\(path): a symbolic link, not the explorer's status file; refused") }
            throw StreamStatusError("\(path): cannot open: \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StreamStatusError("\(path): fstat failed") }
        if let why = untrusted(st) { throw StreamStatusError("\(path): \(why); refused") }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while data.count <= maxBytes {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StreamStatusError("\(path): read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
        }
        guard data.count <= maxBytes else {
            throw StreamStatusError("\(path): status document larger than \(maxBytes) bytes")
        }
        struct VersionOnly: Decodable { var version: Int }
        let version: Int
        do {
            version = try JSONDecoder().decode(VersionOnly.self, from: data).version
        } catch {
            throw StreamStatusError("\(path): not a status document (expected a JSON object with \"version\")")
        }
        guard version == StreamStatus.currentVersion else {
            throw StreamStatusError("\(path): status version \(version), this reader knows \(StreamStatus.currentVersion)")
        }
        do {
            return try JSONDecoder().decode(StreamStatus.self, from: data)
        } catch {
            throw StreamStatusError("\(path): malformed status document: \(error)")
        }
    }

    /// Why a status file with these attributes is not to be trusted, or nil:
    /// it must be a regular file of this user that nobody else may change.
    static func untrusted(_ st: stat) -> String? {
        let me = UInt32(geteuid())
        if st.st_mode & S_IFMT != S_IFREG { return "not a regular file" }
        if UInt32(st.st_uid) != me { return "owned by uid \(st.st_uid), not by this user (uid \(me))" }
        if st.st_mode & 0o022 != 0 { return "writable by other users (mode 0\(String(UInt32(st.st_mode) & 0o777, radix: 8)))" }
        return nil
    }
}

/// Why a status document could not be written or read.
public struct StreamStatusError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
