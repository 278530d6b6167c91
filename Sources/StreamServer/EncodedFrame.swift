import NIOCore
/// One frame, JPEG-encoded once and shared by every client.
public struct EncodedFrame: Sendable {
    /// The hub's own running number (1, 2, …): a re-encode of the same
    /// source frame at full quality gets a new one, so clients send it.
    public var sequence: UInt64
    /// The source's frame number this was encoded from.
    public var sourceFrame: UInt64
    /// CLOCK_MONOTONIC ns when the source published the frame, and when encoding finished.
    public var publishedAt: UInt64
    public var encodedAt: UInt64
    /// Size of the JPEG, and of the source frame it shows.
    public var width: Int
    public var height: Int
    public var sourceWidth: Int
    public var sourceHeight: Int
    /// True for a cheaper frame sent while someone interacts; a full one follows.
    public var reduced: Bool
    /// The JPEG alone (for /frame.jpg).
    public var jpeg: ByteBuffer
    /// The JPEG as one multipart/x-mixed-replace part, headers and boundary included.
    public var part: ByteBuffer

    /// The boundary between MJPEG parts.
    public static let boundary = "tangleframe"

    public init(sequence: UInt64, sourceFrame: UInt64, publishedAt: UInt64, encodedAt: UInt64, width: Int, height: Int,
                sourceWidth: Int, sourceHeight: Int, reduced: Bool, jpeg: ByteBuffer) {
        self.sequence = sequence
        self.sourceFrame = sourceFrame
        self.publishedAt = publishedAt
        self.encodedAt = encodedAt
        self.width = width
        self.height = height
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.reduced = reduced
        self.jpeg = jpeg
        // The X- headers let a client measure publish-to-receive latency
        // (same machine: same CLOCK_MONOTONIC) and tell reduced frames apart.
        let head = "--\(Self.boundary)\r\n"
            + "Content-Type: image/jpeg\r\n"
            + "Content-Length: \(jpeg.readableBytes)\r\n"
            + "X-Frame-Sequence: \(sequence)\r\n"
            + "X-Source-Frame: \(sourceFrame)\r\n"
            + "X-Published-At: \(publishedAt)\r\n"
            + "X-Encoded-At: \(encodedAt)\r\n"
            + "X-Frame-Size: \(width)x\(height)\r\n"
            + "X-Source-Size: \(sourceWidth)x\(sourceHeight)\r\n"
            + "X-Frame-Quality: \(reduced ? "reduced" : "full")\r\n\r\n"
        var part = ByteBuffer()
        part.reserveCapacity(head.utf8.count + jpeg.readableBytes + 2)
        part.writeString(head)
        part.writeImmutableBuffer(jpeg)
        part.writeString("\r\n")
        self.part = part
    }
}
