#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a file a person named on the command line: in place (open with
/// O_TRUNC), never by writing a temporary and renaming it over the path, which
/// would replace a device such as /dev/null, a FIFO or a symlink's target link.
public enum OutputFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw GraphError(source: path, "cannot write: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try write(bytes, fd: fd, path: path)
    }

    /// Writes all of `bytes` to an open descriptor; `path` names it in errors.
    static func write(_ bytes: [UInt8], fd: Int32, path: String) throws {
        var offset = 0
        try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                let n = Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    throw GraphError(source: path, "write failed: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }
}
