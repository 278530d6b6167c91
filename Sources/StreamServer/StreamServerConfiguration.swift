/// Everything a ``StreamServer`` is told at start. The defaults are the safe ones.
public struct StreamServerConfiguration: Sendable {
    /// Address to listen on; loopback unless the person says otherwise.
    public var host = "127.0.0.1"
    /// Port; 0 lets the system choose (the chosen one is announced).
    public var port = 8765
    /// Long-lived clients (MJPEG streams plus WebSockets) at once; more get 503.
    public var maxClients = 64
    /// TCP connections at once; further ones wait in the listen queue. Those
    /// without a whole request head yet are also capped on their own
    /// (`maxUnauthenticated`; the oldest is closed to admit a new one), so
    /// they can never take the places viewers need.
    public var maxConnections = 224
    public var maxUnauthenticated = 64
    /// A connection must send a whole request head within this (slow-loris).
    public var headDeadline: Duration = .seconds(2)
    /// Limits on a request's head (a whole head: at most `maxHeadBytes`;
    /// more gets 431).
    public var maxHeadBytes = 16 * 1024
    public var maxHeaderBytes = 8 * 1024
    public var maxHeaderCount = 64
    public var maxURILength = 2048
    /// A connection idle between requests this long is closed.
    public var requestTimeout: Duration = .seconds(10)
    /// Kernel send buffer per connection (bytes). Small keeps a slow viewer's
    /// frames fresh: it skips frames rather than receiving old ones late.
    public var sendBufferBytes = 256 * 1024
    /// WebSocket: largest frame, and the input rate per connection.
    public var maxMessageBytes = 4096
    public var messagesPerSecond = 250.0
    public var messageBurst = 500.0
    /// Stop the server when the source goes away, instead of waiting for a new one.
    public var exitWhenSourceGone = false
    /// How long a shutdown may wait for streams before they are cut.
    public var shutdownGrace: Duration = .milliseconds(600)
    /// How frames are encoded.
    public var pump = FramePump.Settings()

    public init() {}

    /// True when `host` is a loopback address (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
