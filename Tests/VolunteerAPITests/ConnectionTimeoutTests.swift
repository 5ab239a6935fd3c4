import Foundation
import Testing
import VolunteerTestSupport

/// Slow and idle connections, from outside: raw sockets against the real
/// binary. Every duration is measured from before the connection opens, so
/// that a test process slowed by a loaded machine measures too long, never
/// too short; the upper bounds leave seconds of room for the same reason.
@Suite struct ConnectionTimeoutTests {
    static let healthRequest = "GET /health HTTP/1.1\r\nHost: vtrack\r\n\r\n"

    static func withServer(header: Int, idle: Int, _ body: (LiveServer) async throws -> Void) async throws {
        try await LiveServer.withSeededDatabase { _, login in
            try await LiveServer.with(
                login, environment: ["VTRACK_HTTP_HEADER_TIMEOUT": "\(header)", "VTRACK_HTTP_IDLE_TIMEOUT": "\(idle)"]
            ) { server in
                try await body(server)
                let log = try await server.stop()
                #expect(!log.contains(#""level":"error""#) && !log.contains(#""level":"critical""#), "\(log)")
            }
        }
    }

    @Test func aHalfSentHeadIsClosedAfterTheHeadTimeoutEvenWhileItTrickles() async throws {
        // The idle timeout is far off: a close well before it is the head timeout's.
        try await Self.withServer(header: 1, idle: 60) { server in
            let started = ContinuousClock.now
            let trickling = try RawConnection(port: server.port)
            let half = try RawConnection(port: server.port)
            let silent = try RawConnection(port: server.port)
            half.send("GET /health HTTP/1.1\r\nHost: vtrack\r\n")
            trickling.send("POST /v1/applications HTTP/1.1\r\n")
            // A header line every 200 ms: each one is progress, none completes the head.
            while ContinuousClock.now - started < .seconds(20), trickling.send("X-Slow: a\r\n"),
                try await trickling.closedWithin(.milliseconds(200)) == nil
            {}
            let closed = ContinuousClock.now - started
            #expect(trickling.isClosedByPeer)
            #expect(closed >= .seconds(1) && closed < .seconds(20), "closed after \(closed)")
            for connection in [half, silent] {
                #expect(try await connection.closedWithin(.seconds(20)) != nil, "a half-sent or silent connection is closed")
                #expect(ContinuousClock.now - started < .seconds(30))
            }
        }
    }

    @Test func manyHalfSentHeadsAreAllClosedAndTheServerStillAnswers() async throws {
        try await Self.withServer(header: 1, idle: 60) { server in
            let connections = try (0..<200).map { _ in try RawConnection(port: server.port) }
            for connection in connections { connection.send("GET /v1/positions HTTP/1.1\r\nHost: vt") }
            let fresh = try RawConnection(port: server.port)
            fresh.send(Self.healthRequest)
            #expect(try await fresh.response()?.status == 200)
            for connection in connections {
                #expect(try await connection.closedWithin(.seconds(20)) != nil)
            }
            let after = try RawConnection(port: server.port)
            after.send(Self.healthRequest)
            #expect(try await after.response()?.status == 200)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeoutNotTheHeadTimeout() async throws {
        try await Self.withServer(header: 1, idle: 3) { server in
            let started = ContinuousClock.now
            let connection = try RawConnection(port: server.port)
            connection.send(Self.healthRequest)
            #expect(try await connection.response()?.status == 200)
            #expect(try await connection.closedWithin(.seconds(20)) != nil, "an idle connection is closed")
            let closed = ContinuousClock.now - started
            #expect(closed >= .seconds(3), "closed after \(closed): the idle timeout is 3 s, the head timeout 1 s")
        }
    }

    @Test func theHeadTimeoutCountsFromTheFirstByteOfALaterRequest() async throws {
        try await Self.withServer(header: 1, idle: 60) { server in
            let connection = try RawConnection(port: server.port)
            connection.send(Self.healthRequest)
            #expect(try await connection.response()?.status == 200)
            // Idle past the head timeout: no head is due while nothing is sent.
            try await Task.sleep(for: .seconds(2))
            let started = ContinuousClock.now
            #expect(connection.send("GET /health HTTP/1.1\r\n"), "an idle connection is not closed by the head timeout")
            #expect(try await connection.closedWithin(.seconds(20)) != nil)
            let closed = ContinuousClock.now - started
            #expect(closed >= .seconds(1) && closed < .seconds(20), "closed \(closed) after the first byte; the idle timeout is 60 s")
        }
    }

    @Test func aSlowButCompleteClientIsServedAgainAndAgain() async throws {
        // Pieces 100 ms apart take well under the head timeout; the pause is longer than it.
        try await Self.withServer(header: 4, idle: 60) { server in
            let connection = try RawConnection(port: server.port)
            for round in 0..<2 {
                if round == 1 { try await Task.sleep(for: .seconds(5)) }
                for piece in ["GET /v1/posi", "tions HTTP/1.1\r\n", "Host: vtrack\r\n", "Accept: */*\r\n", "\r\n"] {
                    #expect(connection.send(piece))
                    try await Task.sleep(for: .milliseconds(100))
                }
                let response = try await connection.response(within: .seconds(20))
                #expect(response?.status == 200, "round \(round)")
                #expect(response?.body.contains("editor") == true)
            }
            #expect(!connection.isClosedByPeer)
        }
    }

    @Test func aBodyThatStopsArrivingIsClosedAfterTheIdleTimeout() async throws {
        try await Self.withServer(header: 1, idle: 3) { server in
            let started = ContinuousClock.now
            let connection = try RawConnection(port: server.port)
            connection.send(
                "POST /v1/applications HTTP/1.1\r\nHost: vtrack\r\nContent-Type: application/json\r\n"
                    + "Idempotency-Key: \(UUID().uuidString)\r\nContent-Length: 500\r\n\r\n{\"position\": "
            )
            #expect(try await connection.closedWithin(.seconds(20)) != nil, "a stalled body is not held for ever")
            #expect(ContinuousClock.now - started >= .seconds(3))
        }
    }
}
