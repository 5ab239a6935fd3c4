import Prometheus
import VolunteerStore

/// Every figure the server publishes, and the one place their names and
/// labels are chosen. A label is only ever a route pattern, a method, a
/// status code, a problem type or a fixed word: never a path, a value a
/// client sent, a token, a key or an address.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let requestDuration: [String: DurationHistogram]
    private let databaseCallsInFlight: Gauge
    private let databaseCallDuration: DurationHistogram
    private let applicationsAccepted: Counter

    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    static let unknownRoute = "unmatched"
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    init(databaseConnections: Int) {
        var durations: [String: DurationHistogram] = [:]
        for route in KnownRoutes.allPatterns + [Self.unknownRoute] {
            durations[route] = registry.makeDurationHistogram(
                descriptor: Self.name("http", "request_duration", "seconds", "Time from a request's head to its answer, by route pattern."),
                labels: [("route", route)], buckets: Self.durationBuckets
            )
        }
        requestDuration = durations
        applicationsAccepted = registry.makeCounter(
            descriptor: Self.name(
                "applications", "accepted", "total", "Applications stored (an Idempotency-Key's replay is not counted again)."
            ))
        registry.makeGauge(
            descriptor: Self.name(
                "database", "connections", "max", "The most connections the server opens to PostgreSQL (VTRACK_DATABASE_CONNECTIONS)."
            )
        ).set(Int64(databaseConnections))
        databaseCallsInFlight = registry.makeGauge(
            descriptor: Self.name(
                "database", "calls_in_flight", "", "Requests' database calls running or waiting for a connection now."
            ))
        databaseCallDuration = registry.makeDurationHistogram(
            descriptor: Self.name("database", "call_duration", "seconds", "Requests' database calls, waiting for a connection included."),
            buckets: Self.durationBuckets
        )
    }

    /// `vtrack_<subsystem>_<name>_<unit>`.
    private static func name(_ subsystem: String, _ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "vtrack", subsystem: subsystem, metricName: name, unitName: unit, helpText: help)
    }

    /// `route` is a pattern from `KnownRoutes`, or nil for a path no route has.
    func request(route: String?, method: String, status: Int, duration: Duration) {
        let route = route ?? Self.unknownRoute
        registry.makeCounter(
            descriptor: Self.name("http", "requests", "total", "Requests answered, by route pattern, method and status."),
            labels: [("route", route), ("method", Self.methods.contains(method) ? method : "other"), ("status", String(status))]
        ).increment()
        requestDuration[route]?.record(duration)
    }

    func applicationAccepted() {
        applicationsAccepted.increment()
    }

    /// `reason` is the answer's problem type (`validation-failed`), or
    /// `status-NNN` for an answer that is not a problem.
    func applicationRefused(reason: String) {
        registry.makeCounter(
            descriptor: Self.name("applications", "refused", "total", "Applications refused, by the answer's problem type."),
            labels: [("reason", reason)]
        ).increment()
    }

    func databaseCallStarted() {
        databaseCallsInFlight.increment()
    }

    /// `failure` is a fixed word (`timeout`, `unavailable`, `error`), or nil.
    func databaseCallEnded(after duration: Duration, failure: String?) {
        databaseCallsInFlight.decrement()
        databaseCallDuration.record(duration)
        guard let failure else { return }
        registry.makeCounter(
            descriptor: Self.name(
                "database", "call_failures", "total", "Requests' database calls that failed: timeout, unavailable or error."),
            labels: [("reason", failure)]
        ).increment()
    }

    /// Registered at the first reading: a server that does not seal (its
    /// login is not in vtrack_sealer) publishes none, rather than zeros.
    func chain(_ backlog: ChainBacklog) {
        registry.makeGauge(
            descriptor: Self.name("audit", "chain_head", "position", "Position of the audit chain's last link (0: nothing sealed yet).")
        )
        .set(backlog.headPosition)
        registry.makeGauge(
            descriptor: Self.name("audit", "unsealed", "events", "Events committed but not yet sealed into the audit chain.")
        )
        .set(Int64(backlog.unsealed))
        let age = backlog.oldestUnsealedAge.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 0
        registry.makeGauge(
            descriptor: Self.name("audit", "oldest_unsealed_age", "seconds", "Age of the oldest event not yet sealed (0: none).")
        )
        .set(age)
    }

    /// The text Prometheus scrapes.
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
