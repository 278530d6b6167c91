#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file this process has just created and nobody else had: opened with
/// `O_CREAT|O_EXCL|O_NOFOLLOW` in a directory the user chose, so it is never
/// an existing file, never reached through a symbolic link (planted or
/// dangling), and never truncates anything. On a name that exists a fresh one
/// is taken (`stem-1.png`, `stem-2.png`, …).
///
/// The explorer's snapshot (`w`) writes through these:
/// ``create(in:stem:extensions:)`` gives a CSV and a PNG of one stem, and
/// `PositionsFile.write(_:graph:to:)` and `ImageEncoder.write(_:to:)` take one.
public final class NewFile: @unchecked Sendable {
    // @unchecked: `fd` is immutable and closed once, in deinit or close().
    /// Where it was created (the directory as given, then the name).
    public let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { close() }

    /// Creates `stem.EXT` in `directory` (nil: the working directory), or
    /// `stem-1.EXT`, `stem-2.EXT`, … when that exists.
    public static func create(in directory: String?, name stem: String, extension ext: String,
                              mode: mode_t = 0o644) throws -> NewFile {
        try create(in: directory, stem: stem, extensions: [ext], mode: mode)[0]
    }

    /// Creates one new file per extension, all with the same stem (`tangle-1700000000.csv`
    /// and `.png`): the first stem (`stem`, `stem-1`, …) for which every name is free.
    public static func create(in directory: String?, stem: String, extensions: [String],
                              mode: mode_t = 0o644) throws -> [NewFile] {
        let dirPath = directory.map { $0.isEmpty ? "." : $0 } ?? "."
        for part in [stem] + extensions where part.isEmpty || part.contains("/") || part == "." || part == ".." {
            throw GraphError(source: dirPath, "'\(part)' cannot be part of a file name")
        }
        let dirFD = open(dirPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirFD >= 0 else {
            throw GraphError(source: dirPath, "cannot use as the directory to write into: \(String(cString: strerror(errno)))")
        }
        defer { _ = systemClose(dirFD) }
        let prefix = dirPath.hasSuffix("/") ? dirPath : dirPath + "/"
        attempts: for attempt in 0..<10_000 {
            let base = attempt == 0 ? stem : "\(stem)-\(attempt)"
            var made: [NewFile] = []
            for ext in extensions {
                let name = ext.isEmpty ? base : "\(base).\(ext)"
                let fd = openat(dirFD, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
                if fd < 0 {
                    let code = errno
                    // Undo this stem's files (just made by us, still empty) and try the next.
                    for file in made {
                        unlinkat(dirFD, String(file.path.dropFirst(prefix.count)), 0)
                        file.close()
                    }
                    if code == EEXIST || code == ELOOP { continue attempts }
                    throw GraphError(source: prefix + name, "cannot create: \(String(cString: strerror(code)))")
                }
                made.append(NewFile(path: prefix + name, fd: fd))
            }
            return made
        }
        throw GraphError(source: prefix + stem, "no free file name after 10000 tries")
    }

    /// Writes all of `bytes` at the current offset.
    public func write(_ bytes: [UInt8]) throws {
        guard fd >= 0 else { throw GraphError(source: path, "write after close") }
        try OutputFile.write(bytes, fd: fd, path: path)
    }

    /// Closes the file (also done when the last reference goes).
    public func close() {
        if fd >= 0 { _ = systemClose(fd) }
        fd = -1
    }
}

@inline(__always)
private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}
