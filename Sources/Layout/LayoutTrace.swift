#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TangleBasics

/// `TANGLE_LAYOUT_TRACE=1`: the multilevel layout writes one stderr line per
/// stage (each level's size and steps, the stress terms' pieces, the sweeps)
/// with the monotonic clock, to see where a big layout's time goes.
enum LayoutTrace {
    static let enabled = getenv("TANGLE_LAYOUT_TRACE") != nil

    static func note(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        var line = "trace \(monotonicSeconds()) " + text() + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
