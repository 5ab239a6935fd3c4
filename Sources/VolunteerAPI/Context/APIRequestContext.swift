import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's, plus the peer's
/// address, which only the rate limiter reads (and never keeps).
struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
