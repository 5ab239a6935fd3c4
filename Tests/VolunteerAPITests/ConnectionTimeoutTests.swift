import Foundation
import Testing
import VolunteerTestSupport

/// Slow and idle connections, from outside: raw sockets against the real
/// binary, with a 1 s head timeout and a 3 s idle timeout.
@Suite struct ConnectionTimeoutTests {
    static let timeouts = ["VTRACK_HTTP_HEADER_TIMEOUT": "1", "VTRACK_HTTP_IDLE_TIMEOUT": "3"]
    static let healthRequest = "GET /health HTTP/1.1\r\nHost: vtrack\r\n\r\n"

    static func withServer(_ body: (LiveServer) async throws -> Void) async throws {
        try await LiveServer.withSeededDatabase { _, login in
            let server = try await LiveServer.launch(login, environment: timeouts)
            defer { _ = server.binary.finish() }
            try await body(server)
            let log = try await server.stop()
            #expect(!log.contains(#""level":"error""#) && !log.contains(#""level":"critical""#), "\(log)")
        }
    }

    @Test func aHalfSentHeadIsClosedAfterTheHeadTimeoutEvenWhileItTrickles() async throws {
        try await Self.withServer { server in
            let silent = try RawConnection(port: server.port)
            let half = try RawConnection(port: server.port)
            half.send("GET /health HTTP/1.1\r\nHost: vtrack\r\n")
            let trickling = try RawConnection(port: server.port)
            trickling.send("POST /v1/applications HTTP/1.1\r\n")
            let started = ContinuousClock.now
            var closedAt: Duration?
            // A header line every 200 ms: each one is progress, none completes the head.
            while ContinuousClock.now - started < .seconds(5) {
                if !trickling.send("X-Slow: a\r\n") || trickling.isClosedByPeer { break }
                if let elapsed = try await trickling.closedWithin(.milliseconds(200)) {
                    closedAt = ContinuousClock.now - started - .milliseconds(200) + elapsed
                    break
                }
            }
            if closedAt == nil, try await trickling.closedWithin(.seconds(1)) != nil { closedAt = ContinuousClock.now - started }
            let closed = try #require(closedAt)
            #expect(closed >= .milliseconds(900) && closed < .milliseconds(2900), "closed after \(closed), before the idle timeout")
            #expect(try await half.closedWithin(.seconds(2)) != nil, "a head that stops half-way is closed")
            #expect(try await silent.closedWithin(.seconds(2)) != nil, "a connection that never sends is closed")
        }
    }

    @Test func manyHalfSentHeadsAreAllClosedAndTheServerStillAnswers() async throws {
        try await Self.withServer { server in
            let connections = try (0..<200).map { _ in try RawConnection(port: server.port) }
            for connection in connections { connection.send("GET /v1/positions HTTP/1.1\r\nHost: vt") }
            let fresh = try RawConnection(port: server.port)
            fresh.send(Self.healthRequest)
            #expect(try await fresh.response()?.status == 200)
            for connection in connections {
                #expect(try await connection.closedWithin(.seconds(4)) != nil)
            }
            let after = try RawConnection(port: server.port)
            after.send(Self.healthRequest)
            #expect(try await after.response()?.status == 200)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeoutNotTheHeadTimeout() async throws {
        try await Self.withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send(Self.healthRequest)
            #expect(try await connection.response()?.status == 200)
            let idle = try #require(try await connection.closedWithin(.seconds(6)), "an idle connection is closed")
            #expect(idle >= .milliseconds(2500), "closed after \(idle): the idle timeout is 3 s")
        }
    }

    @Test func theHeadTimeoutCountsFromTheFirstByteOfALaterRequest() async throws {
        try await Self.withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send(Self.healthRequest)
            #expect(try await connection.response()?.status == 200)
            try await Task.sleep(for: .milliseconds(1500))
            connection.send("GET /health HTTP/1.1\r\n")
            let closed = try #require(try await connection.closedWithin(.seconds(3)))
            #expect(closed >= .milliseconds(900) && closed < .milliseconds(1400), "closed \(closed) after the first byte; the idle clock had 1.5 s left")
        }
    }

    @Test func aSlowButCompleteClientIsServedAgainAndAgain() async throws {
        try await Self.withServer { server in
            let connection = try RawConnection(port: server.port)
            for round in 0..<2 {
                for piece in ["GET /v1/posi", "tions HTTP/1.1\r\n", "Host: vtrack\r\n", "Accept: */*\r\n", "\r\n"] {
                    #expect(connection.send(piece))
                    try await Task.sleep(for: .milliseconds(150))
                }
                let response = try await connection.response()
                #expect(response?.status == 200, "round \(round)")
                #expect(response?.body.contains("editor") == true)
                // Idle for longer than the head timeout, shorter than the idle one.
                try await Task.sleep(for: .milliseconds(1500))
            }
            #expect(!connection.isClosedByPeer)
        }
    }

    @Test func aBodyThatStopsArrivingIsClosedAfterTheIdleTimeout() async throws {
        try await Self.withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send(
                "POST /v1/applications HTTP/1.1\r\nHost: vtrack\r\nContent-Type: application/json\r\n"
                    + "Idempotency-Key: \(UUID().uuidString)\r\nContent-Length: 500\r\n\r\n{\"position\": "
            )
            let closed = try #require(try await connection.closedWithin(.seconds(7)), "a stalled body is not held forever")
            #expect(closed >= .milliseconds(2500))
        }
    }
}
