import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head is not complete in time: counted
/// from when the connection opens, and for each later request on it from
/// that request's first byte. Hummingbird's idle timeout counts from the
/// last complete part it decoded, so a client trickling a head byte by byte
/// would otherwise hold its descriptor for the whole idle timeout.
///
/// Two handlers share the work: `RequestHeadTimeout` sits after the HTTP
/// decoder and sees heads and ends; it puts a `FirstBytes` in front of the
/// decoder, which sees the raw bytes, keeps the clock and closes.
final class RequestHeadTimeout: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let clock: FirstBytes

    init(timeout: TimeAmount) {
        self.clock = FirstBytes(timeout: timeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        do {
            try context.pipeline.syncOperations.addHandler(clock, position: .first)
        } catch {
            // Only a closing channel refuses a handler; nothing left to time.
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: clock.headReceived()
        case .end: clock.requestEnded()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    /// The front half: raw bytes in, and the deadline.
    final class FirstBytes: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        private let timeout: TimeAmount
        /// Between requests, or before the first: the next bytes start a head.
        private var awaitingHead = true
        /// When the head being waited for began (the connection, or its first byte).
        private var headStarted: NIODeadline? = .now()
        private var timer: Scheduled<Void>?

        init(timeout: TimeAmount) {
            self.timeout = timeout
        }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { arm(context) }
        }

        func channelActive(context: ChannelHandlerContext) {
            arm(context)
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            timer?.cancel()
            timer = nil
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            timer?.cancel()
            timer = nil
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if awaitingHead, headStarted == nil { headStarted = .now() }
            context.fireChannelRead(data)
        }

        /// Armed only once a read leaves a head unfinished, so a request that
        /// arrives whole schedules nothing.
        func channelReadComplete(context: ChannelHandlerContext) {
            if awaitingHead, headStarted != nil { arm(context) }
            context.fireChannelReadComplete()
        }

        func headReceived() {
            awaitingHead = false
            headStarted = nil
        }

        func requestEnded() {
            awaitingHead = true
            headStarted = nil
        }

        private func arm(_ context: ChannelHandlerContext) {
            guard timer == nil, let started = headStarted else { return }
            timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: started + timeout) {
                self.timer = nil
                self.expired(context)
            }
        }

        /// A timer left from a head that has since arrived finds nothing to do.
        private func expired(_ context: ChannelHandlerContext) {
            guard awaitingHead, let started = headStarted else { return }
            if NIODeadline.now() >= started + timeout {
                context.close(promise: nil)
            } else {
                arm(context)
            }
        }
    }
}
