import Foundation

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
    public static func write(_ status: StreamStatus, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(status)
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: data,
                                             attributes: [.posixPermissions: 0o600]) else {
            throw StreamStatusError("cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw StreamStatusError("cannot rename \(temporary) to \(path): \(reason)")
        }
    }

    /// Reads the status at `path`. Nil when there is none; throws for a file that
    /// is too big, not JSON of this shape, or of a version this reader does not know.
    public static func read(from path: String) throws -> StreamStatus? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
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
}

/// Why a status document could not be written or read.
public struct StreamStatusError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
