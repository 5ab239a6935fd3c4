import Foundation
import Testing
import VolunteerStore
import VolunteerTestSupport

@testable import VolunteerAPI

/// The server erases what the retention policy makes due, on its own.
@Suite struct RetentionServiceTests {
    @Test func theServerErasesAnApplicantOnceTheyAreDue() async throws {
        var settings = ServerSettings.unlimited
        settings.retentionInterval = .seconds(1)
        try await APITestServer.with(settings: settings) { server in
            let created = try await server.send(.post, "/v1/applications", json: APITestServer.applicationJSON())
            #expect(created.status == .created)
            try await server.test.superuser(
                "UPDATE applicants SET created_at = now() - interval '2 years'",
                "UPDATE applications SET status = 'withdrawn'",
                "UPDATE applications SET decided_at = now() - interval '181 days'"
            )
            // The service runs every second; a few rounds are plenty on a loaded machine.
            var erased: [String?] = []
            for _ in 0..<20 where erased.isEmpty {
                try await Task.sleep(for: .milliseconds(500))
                erased = try await server.test.values("SELECT actor FROM events WHERE event_type = 'applicant.erased'")
            }
            #expect(erased.count == 1)
            #expect(try await server.count("applicant_personal_data") == 0)
            #expect(try await server.test.values("SELECT erasure_reason FROM applicants") == ["retention"])
        }
    }

    @Test func runsHourlyUnlessTurnedOff() throws {
        #expect(try ServerSettings.fromEnvironment([:]).retentionInterval == .seconds(3600))
        #expect(try ServerSettings.fromEnvironment(["VTRACK_RETENTION_INTERVAL": "600"]).retentionInterval == .seconds(600))
        #expect(try ServerSettings.fromEnvironment(["VTRACK_RETENTION_INTERVAL": "off"]).retentionInterval == nil)
        for text in ["0", "1h", "-5", "604801"] {
            #expect(throws: ServerSettingsError.self) { try ServerSettings.fromEnvironment(["VTRACK_RETENTION_INTERVAL": text]) }
        }
    }
}
