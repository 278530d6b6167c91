/// The one error StreamServer throws: a message a person can act on.
public struct StreamServerError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
