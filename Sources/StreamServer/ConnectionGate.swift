import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// The first handler of every connection, until its first request head is
/// whole. Until then the connection is *unauthenticated*: it has shown no
/// token, so it gets little.
///
/// - A deadline (`headDeadline`, 2 s): no whole head by then, closed.
/// - Its own small cap (``UnauthenticatedPool``): when full, the oldest
///   unauthenticated connection is closed to admit the new one, so idle
///   sockets never keep a viewer out and never count against viewers.
/// - The head is checked as it arrives: one larger than `maxHeadBytes` or
///   with more than `maxHeaderCount` lines gets 431, a malformed request line
///   or a control byte gets 400, at once, and the connection is closed.
///
/// Once the head is whole the gate steps aside (Hummingbird answers: 401
/// without the token, then closes) and the connection leaves the pool.
final class ConnectionGate: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    struct Limits: Sendable {
        var headDeadline: TimeAmount
        var maxHeadBytes: Int
        var maxHeaderCount: Int
    }

    private let limits: Limits
    private let pool: UnauthenticatedPool
    private var timer: Scheduled<Void>?
    private var ticket: UInt64?
    private var passed = false
    /// Answered 400/431: what still arrives is read and dropped until the
    /// close, so the client gets the answer instead of a reset.
    private var refused = false
    private var scanner = HeadScanner()

    init(limits: Limits, pool: UnauthenticatedPool) {
        self.limits = limits
        self.pool = pool
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        leave()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        leave()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        guard !passed else {
            context.fireChannelRead(data)
            return
        }
        let buffer = unwrapInboundIn(data)
        switch buffer.withUnsafeReadableBytes({ scanner.feed($0, limits: limits) }) {
        case .more:
            context.fireChannelRead(data)
        case .complete:
            passed = true
            leave()
            context.fireChannelRead(data)
        case .tooLarge:
            refuse(context, status: "431 Request Header Fields Too Large",
                   body: "431: the request head is too large (at most \(limits.maxHeadBytes) bytes, \(limits.maxHeaderCount) lines).\n")
        case .malformed:
            refuse(context, status: "400 Bad Request", body: "400: malformed request head.\n")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard ticket == nil, !passed else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let channel = context.channel
        ticket = pool.admit { channel.close(promise: nil) }
        timer = context.eventLoop.scheduleTask(in: limits.headDeadline) {
            loopBound.value.close(promise: nil)
        }
    }

    private func leave() {
        timer?.cancel()
        timer = nil
        if let ticket { pool.leave(ticket) }
        ticket = nil
    }

    private func refuse(_ context: ChannelHandlerContext, status: String, body: String) {
        pool.statistics?.headsRefused.add(1, ordering: .relaxed)
        passed = true
        refused = true
        leave()
        let text = "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\nCache-Control: no-store\r\n\r\n" + body
        let buffer = context.channel.allocator.buffer(string: text)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(buffer))).whenComplete { _ in
            // Half-close: the answer is all we send; the rest of the client's
            // head is read and dropped for a moment, then the connection goes.
            loopBound.value.close(mode: .output, promise: nil)
            loopBound.value.eventLoop.scheduleTask(in: .milliseconds(500)) {
                loopBound.value.close(promise: nil)
            }
        }
    }
}

/// Checks a request head as its bytes arrive, without holding them.
struct HeadScanner {
    enum Verdict { case more, complete, tooLarge, malformed }

    private var bytes = 0
    private var lines = 0
    private var lineLength = 0
    private var previous: UInt8 = 0
    /// The request line so far (at most what a request line may hold).
    private var requestLine: [UInt8] = []
    private var inRequestLine = true

    mutating func feed(_ chunk: UnsafeRawBufferPointer, limits: ConnectionGate.Limits) -> Verdict {
        for c in chunk {
            bytes += 1
            if bytes > limits.maxHeadBytes { return .tooLarge }
            if c == 0x0A {
                // Blank line (CRLF CRLF, or a bare LF line): the head is whole.
                if lineLength == 0 && !inRequestLine { return .complete }
                if inRequestLine {
                    if requestLine.last == 0x0D { requestLine.removeLast() }
                    // Empty lines before the request line are allowed (RFC 9112 §2.2).
                    if requestLine.isEmpty { lineLength = 0; previous = c; continue }
                    guard Self.validRequestLine(requestLine) else { return .malformed }
                    inRequestLine = false
                }
                lines += 1
                if lines > limits.maxHeaderCount + 1 { return .tooLarge }
                lineLength = 0
            } else if c == 0x0D {
                // Counted at the LF.
            } else {
                if previous == 0x0D { return .malformed }  // a CR alone
                if (c < 0x20 && c != 0x09) || c == 0x7F { return .malformed }
                lineLength += 1
                if inRequestLine { requestLine.append(c) }
            }
            if c == 0x0D, inRequestLine { requestLine.append(c) }
            previous = c
        }
        return .more
    }

    /// `METHOD SP TARGET SP HTTP/1.x`, the method a token.
    static func validRequestLine(_ line: [UInt8]) -> Bool {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let tokenChars = Set("!#$%&'*+-.^_`|~".utf8)
        guard parts[0].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || tokenChars.contains($0) })
        else { return false }
        return Array(parts[2]) == Array("HTTP/1.1".utf8) || Array(parts[2]) == Array("HTTP/1.0".utf8)
    }
}

/// Connections that have not sent a whole request head yet, capped: when
/// full, the oldest is closed to make room, so a flood of idle sockets costs
/// the flooder, never a viewer.
final class UnauthenticatedPool: Sendable {
    private struct State {
        var next: UInt64 = 0
        /// Admission order is ticket order; the smallest ticket is the oldest.
        var members: [UInt64: @Sendable () -> Void] = [:]
    }
    private let state = Mutex(State())
    let capacity: Int
    let statistics: StreamStatistics?

    init(capacity: Int, statistics: StreamStatistics? = nil) {
        self.capacity = max(1, capacity)
        self.statistics = statistics
    }

    var count: Int { state.withLock { $0.members.count } }

    /// Adds a connection (with how to close it); returns its ticket.
    func admit(close: @escaping @Sendable () -> Void) -> UInt64 {
        let (ticket, evicted) = state.withLock { s -> (UInt64, (@Sendable () -> Void)?) in
            s.next += 1
            var evicted: (@Sendable () -> Void)?
            if s.members.count >= capacity, let oldest = s.members.keys.min() {
                evicted = s.members.removeValue(forKey: oldest)
            }
            s.members[s.next] = close
            return (s.next, evicted)
        }
        if let evicted {
            statistics?.unauthenticatedEvicted.add(1, ordering: .relaxed)
            evicted()
        }
        return ticket
    }

    func leave(_ ticket: UInt64) {
        _ = state.withLock { $0.members.removeValue(forKey: ticket) }
    }
}

/// Wraps a child channel so every connection passes a ``ConnectionGate``.
struct GatedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let limits: ConnectionGate.Limits
    let pool: UnauthenticatedPool
    /// Kernel send buffer per connection: small, so a slow viewer holds a
    /// frame or two in flight, not seconds of old ones.
    let sendBufferBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            if let options = channel.syncOptions {
                try options.setOption(.socketOption(.so_sndbuf), value: SocketOptionValue(sendBufferBytes))
            }
            try channel.pipeline.syncOperations.addHandler(ConnectionGate(limits: limits, pool: pool), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
