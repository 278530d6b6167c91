/// The one error the Render module throws: a message a person can act on.
///
/// Theme problems name the file and the key (`themes/x.json: edges.alpha:
/// expected a number from 0 to 1, found "high"`); GL problems say which
/// step failed and what the driver said.
public struct RenderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file the problem is in, when there is one.
    public var file: String?
    /// The dotted key path inside the file (`edges.alpha`), when there is one.
    public var key: String?
    public var message: String

    public init(file: String? = nil, key: String? = nil, _ message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let key, !key.isEmpty { parts.append(key) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
