import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `GET /metrics` in Prometheus's text format, on a listener of its own
/// (`VTRACK_METRICS_ADDRESS`, loopback by default), never on the public port.
struct MetricsListener: Service {
    let metrics: ServerMetrics
    let address: MetricsAddress
    let settings: ServerSettings
    let logger: Logger

    func run() async throws {
        let router = Router()
        router.add(middleware: ProblemMiddleware())
        let metrics = self.metrics
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
        let application = Application(
            router: router, server: httpServer(settings),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger
        )
        do {
            try await application.run()
        } catch let error as IOError {
            throw ListenError(host: address.host, port: address.port, reason: "for metrics: \(error.description)")
        }
    }
}
