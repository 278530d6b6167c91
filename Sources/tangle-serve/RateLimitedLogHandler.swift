import Foundation
import Logging
import Synchronization

/// A log handler that lets through a burst of lines, then a few a second, and
/// drops the rest (saying how many when it speaks again). A flood of
/// connections closed early makes the HTTP stack log one error each; written
/// to a pipe nobody drains, those would block the server's threads on stderr.
struct RateLimitedLogHandler: LogHandler {
    final class Bucket: Sendable {
        private struct State {
            var tokens: Double
            var last: UInt64
            var dropped = 0
        }
        private let state: Mutex<State>
        let rate: Double
        let burst: Double

        init(rate: Double, burst: Double) {
            self.rate = rate
            self.burst = burst
            state = Mutex(State(tokens: burst, last: DispatchTime.now().uptimeNanoseconds))
        }

        /// Nil when this line is to be dropped; else how many were dropped before it.
        func take() -> Int? {
            state.withLock { s in
                let now = DispatchTime.now().uptimeNanoseconds
                s.tokens = min(burst, s.tokens + Double(now &- s.last) / 1e9 * rate)
                s.last = now
                guard s.tokens >= 1 else {
                    s.dropped += 1
                    return nil
                }
                s.tokens -= 1
                defer { s.dropped = 0 }
                return s.dropped
            }
        }
    }

    var base: any LogHandler
    let bucket: Bucket

    var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }
    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        guard let dropped = bucket.take() else { return }
        if dropped > 0 {
            var note = event
            note.level = .warning
            note.message = "(\(dropped) log messages dropped: too many at once)"
            note.metadata = nil
            base.log(event: note)
        }
        base.log(event: event)
    }
}
