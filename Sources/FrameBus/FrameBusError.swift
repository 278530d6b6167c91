/// The one error FrameBus throws: what went wrong with which segment, in
/// words a person can act on, plus a `kind` that code can switch on.
public struct FrameBusError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What class of failure this is.
    public enum Kind: Sendable, Equatable {
        /// A segment name that is not `/tangle-UID-PID[-CHANNEL]`.
        case badName
        /// No segment of that name exists.
        case noSuchSegment
        /// The operating system refused access (another user's segment).
        case permissionDenied
        /// The segment exists but belongs to another user; FrameBus never
        /// attaches to it, even where the caller could (root).
        case foreignOwner
        /// The header is not a FrameBus header this version understands, or
        /// its sizes do not fit the mapping.
        case badHeader
        /// The segment is still being set up by its creator (magic not yet written).
        case notReady
        /// A frame larger than the ring's maximum, or a bad width/height/stride.
        case frameTooLarge
        /// A configuration outside the supported limits.
        case invalidConfiguration
        /// A write operation on a bus attached as a reader.
        case notWriter
        /// Two threads published into the same ring at once.
        case concurrentWrite
        /// A live process already owns this segment name.
        case nameInUse
        /// Discovery found no live segment of the current user.
        case noLiveSegment
        /// Another system call failed; `message` carries errno's text.
        case system
    }

    public var kind: Kind
    /// The segment name, when the error is about one.
    public var segment: String
    /// What was expected and what was found.
    public var message: String

    public init(_ kind: Kind, segment: String = "", _ message: String) {
        self.kind = kind
        self.segment = segment
        self.message = message
    }

    public var description: String {
        segment.isEmpty ? message : "\(segment): \(message)"
    }
}
