import Foundation

/// One line of JSON that `tangle-serve` prints on standard output for the
/// process that started it (the explorer), one object per line, flushed at once.
/// Logs go to standard error, so stdout carries only these lines.
///
/// The first line has `event == "listening"` and everything the explorer shows
/// the person: the URL with its token and the `ssh -L` line to copy. Later lines
/// report the source (`"source"`: live, waiting, gone) and the end (`"stopped"`).
public struct ServeAnnouncement: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    public var version: Int
    /// "listening", "source" or "stopped".
    public var event: String
    /// The server's process id.
    public var pid: Int32
    /// Set on "listening": where the server listens and how to reach it.
    public var url: String?
    public var bind: String?
    public var port: Int?
    public var token: String?
    /// `ssh -L PORT:127.0.0.1:PORT user@host`, to run on the machine with the browser.
    public var ssh: String?
    /// A warning the person should see (for example: not bound to loopback).
    public var warning: String?
    /// Set on "source": "live", "waiting" or "gone", and the segment's name.
    public var state: String?
    public var segment: String?
    /// Free text for a person.
    public var message: String?

    public init(event: String, pid: Int32 = ProcessInfo.processInfo.processIdentifier, url: String? = nil,
                bind: String? = nil, port: Int? = nil, token: String? = nil, ssh: String? = nil,
                warning: String? = nil, state: String? = nil, segment: String? = nil, message: String? = nil) {
        self.version = Self.currentVersion
        self.event = event
        self.pid = pid
        self.url = url
        self.bind = bind
        self.port = port
        self.token = token
        self.ssh = ssh
        self.warning = warning
        self.state = state
        self.segment = segment
        self.message = message
    }

    /// The object as one line of JSON, without the newline.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses one line; nil for anything that is not an announcement.
    public static func parse(line: String) -> ServeAnnouncement? {
        try? JSONDecoder().decode(ServeAnnouncement.self, from: Data(line.utf8))
    }

    /// The ssh command that forwards `port` on the browser's machine to the
    /// address the server listens on (`bind`: loopback unless told otherwise;
    /// a wildcard bind is still reached through loopback).
    public static func sshCommand(port: Int, user: String?, host: String?, bind: String = "127.0.0.1") -> String {
        let target = [user, host].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "@")
        var address = bind.isEmpty || bind == "0.0.0.0" || bind == "::" || bind == "localhost" ? "127.0.0.1" : bind
        if address.contains(":") { address = "[\(address)]" }
        return "ssh -L \(port):\(address):\(port) \(target.isEmpty ? "user@host" : target)"
    }
}
