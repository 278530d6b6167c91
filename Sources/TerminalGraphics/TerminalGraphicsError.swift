/// The one error type of TerminalGraphics: a message a person can act on.
public struct TerminalGraphicsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, naming the expected and the found value.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
