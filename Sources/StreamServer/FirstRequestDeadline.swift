import HummingbirdCore
import Logging
import NIOCore

/// Closes a connection that has not been answered within a deadline of
/// opening it: slow-loris heads that never finish, garbage the HTTP parser
/// chokes on, silent sockets. Sits first in the pipeline and goes quiet at
/// the first byte the server writes back.
///
/// Needed because Hummingbird's idle timeout starts only after the first
/// request head has been parsed when WebSocket upgrades are enabled.
final class FirstRequestDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?
    private var answered = false

    init(deadline: TimeAmount) {
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        arm(context)
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if !answered {
            answered = true
            timer?.cancel()
            timer = nil
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil, !answered else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: deadline) {
            loopBound.value.close(promise: nil)
        }
    }
}

/// Wraps a child channel so every connection gets a ``FirstRequestDeadline``.
struct DeadlineGuardedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let deadline: TimeAmount
    /// Kernel send buffer per connection: small, so a slow viewer holds a
    /// frame or two in flight, not seconds of old ones.
    let sendBufferBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            if let options = channel.syncOptions {
                try options.setOption(.socketOption(.so_sndbuf), value: SocketOptionValue(sendBufferBytes))
            }
            try channel.pipeline.syncOperations.addHandler(FirstRequestDeadline(deadline: deadline), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
