/// The one error GraphCore throws: a message a person can act on, with the
/// place in the input where it went wrong when there is one.
public struct GraphError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What the input was called (a path, `-` for stdin, `demo:karate`).
    public var source: String
    /// 1-based line and column, when the error has a place in the text.
    public var line: Int?
    public var column: Int?
    /// What was expected and what was found.
    public var message: String

    public init(source: String = "", line: Int? = nil, column: Int? = nil, _ message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    /// One line a terminal can print: control characters in the source name
    /// and the message (which may quote the input) are escaped, and a
    /// message is cut at ``PrintableText/messageLimit`` characters.
    public var description: String {
        var place = PrintableText.escape(source, limit: 4096)
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        let text = PrintableText.line(message)
        return place.isEmpty ? text : "\(place): \(text)"
    }

    /// The same error, told which input it is about.
    public func from(_ source: String) -> GraphError {
        var e = self
        if e.source.isEmpty { e.source = source }
        return e
    }
}
