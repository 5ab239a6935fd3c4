import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's, plus the peer's
/// address, which only the rate limiter reads (and never keeps), the
/// connection's event loop, and the problem type of the answer.
struct APIRequestContext: RequestContext, RemoteAddressRequestContext, ProblemRecordingContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The loop of the request's connection, where its work runs.
    let eventLoop: any EventLoop
    /// The problem type the request is answered with, for the metrics.
    let answeredProblem = AnsweredProblem()

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.eventLoop = source.channel.eventLoop
    }
}
