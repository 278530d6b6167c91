#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mailbox of one: the producer puts frames without ever blocking, the
/// writer takes the newest; a frame not taken before the next arrives is
/// dropped (newest wins, never queued).
public final class LatestFrameSlot<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private var lock = pthread_mutex_t()
    /// Frames replaced before anyone took them.
    public private(set) var replaced = 0

    public init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }

    /// Puts `newValue`; returns true when it replaced a frame not yet taken.
    @discardableResult
    public func put(_ newValue: Value) -> Bool {
        pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }
        let dropped = value != nil
        if dropped { replaced += 1 }
        value = newValue
        return dropped
    }

    /// Takes the newest frame, leaving the slot empty.
    public func take() -> Value? {
        pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }
        let v = value
        value = nil
        return v
    }
}
