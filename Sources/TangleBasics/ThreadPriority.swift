#if canImport(Glibc)
import Glibc
#endif

/// Lowers the calling thread's priority to nice value `niceness`, for
/// background work a person does not watch (statistics, slow full-detail
/// pictures). On Linux the nice value is per thread (setpriority with
/// who = 0 sets the calling thread's), and threads started afterwards from
/// this one inherit it. Elsewhere it does nothing.
public func lowerThreadPriority(to niceness: Int32) {
    #if os(Linux)
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
    #endif
}
