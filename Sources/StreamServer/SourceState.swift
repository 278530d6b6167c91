/// Whether the server has an explorer to stream from.
public enum SourceState: String, Sendable, Equatable, Codable {
    /// Not yet connected to any source; looking for one.
    case waiting
    /// Streaming from a live source.
    case live
    /// The source went away (the explorer exited); looking for a new one.
    case gone
    /// The server is shutting down.
    case stopped
}
