import ArgumentParser
import Foundation
import HummingbirdTesting
import NIOCore

/// `vtrack-bench load`: applications through the HTTP API, as fast as
/// possible or at a set rate, each with its own Idempotency-Key.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Post applications to vtrack-server and report throughput and latency."
    )
    @Option(help: "The server's port on 127.0.0.1.") var port: Int
    @Option(help: "Concurrent connections.") var connections = 16
    @Option(help: "Seconds to measure (after one second of warm-up).") var seconds = 15
    @Option(help: "Requests per second for all connections together; omit for as fast as possible.") var rate: Double?
    @Option(help: "The open position to apply to.") var position = "bench"

    func run() async throws {
        let body = ByteBuffer(string: Self.body(position: position))
        let start = ContinuousClock.now
        let warmUpEnds = start + .seconds(1)
        let ends = warmUpEnds + .seconds(seconds)
        let results = try await withThrowingTaskGroup(of: [Sample].self) { group in
            for connection in 0..<connections {
                group.addTask {
                    let client = TestClient(host: "127.0.0.1", port: port)
                    client.connect()
                    defer { Task { try? await client.shutdown() } }
                    let interval = rate.map { Duration.seconds(Double(connections) / $0) }
                    var next = start + (interval.map { $0 * Double(connection) / Double(connections) } ?? .zero)
                    var samples: [Sample] = []
                    while next < ends {
                        if interval != nil { try await Task.sleep(until: next, clock: .continuous) }
                        let scheduled = interval == nil ? ContinuousClock.now : next
                        let response = try await client.post(
                            "/v1/applications",
                            headers: [.contentType: "application/json", .init("Idempotency-Key")!: UUID().uuidString],
                            body: body
                        )
                        let done = ContinuousClock.now
                        if scheduled >= warmUpEnds { samples.append(Sample(latency: done - scheduled, status: response.head.status.code)) }
                        next = interval.map { next + $0 } ?? done
                    }
                    return samples
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let created = results.filter { $0.status == 201 }
        let latencies = results.map { Double($0.latency.components.attoseconds) / 1e15 + Double($0.latency.components.seconds) * 1e3 }
            .sorted()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        print(
            String(
                format: "requests %d, created %d, other %d, %.0f created/s, p50 %.1f ms, p99 %.1f ms",
                results.count, created.count, results.count - created.count, Double(created.count) / Double(seconds),
                percentile(0.5), percentile(0.99)
            ))
    }

    struct Sample: Sendable {
        let latency: Duration
        let status: Int
    }

    /// The payload of a realistic application (the same sizes pgbench replays).
    static func body(position: String) -> String {
        """
        {"position": "\(position)", "name": "Bench Applicant", "contact": {"email": "bench.applicant@example.org", "telegram": "@bench_applicant"},
         "languages": ["uk", "en"], "time_zone": "Europe/Prague",
         "availability": {"hours_per_week": 6, "windows": [{"day": "tue", "start": "18:00", "end": "21:00"}]},
         "motivation": "\(String(repeating: "I want to help translate independent journalism. ", count: 20))",
         "source": "website", "consent": {"privacy_policy_version": "2026-01", "accepted": true}}
        """
    }
}
