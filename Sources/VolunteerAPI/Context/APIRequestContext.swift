import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's, plus the peer's
/// address, which only the rate limiter reads (and never keeps), and the
/// connection's event loop.
struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The loop of the request's connection, where its work runs.
    let eventLoop: any EventLoop

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.eventLoop = source.channel.eventLoop
    }
}
