import Foundation
import Testing
import VolunteerTestSupport

/// Every privilege the run-time roles (and PUBLIC) hold in a migrated
/// database, compared with the reviewed allow-list in `Tests/privileges.allow`:
/// a new grant, from a migration or anywhere else, is a visible change to
/// review, not a silent one.
@Suite struct PrivilegeSnapshotTests {
    static var allowListPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("privileges.allow").path
    }

    @Test func everyPrivilegeIsOnTheReviewedAllowList() async throws {
        try await TestDatabase.withMigrated { test in
            let live = try await PrivilegeSnapshot.take(test.settings)
            let allowed = try String(contentsOfFile: Self.allowListPath, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
                .filter { !$0.hasPrefix("#") }
            let granted = Set(live).subtracting(allowed).sorted()
            let gone = Set(allowed).subtracting(live).sorted()
            #expect(granted.isEmpty, "held but not on Tests/privileges.allow (review, then add):\n\(granted.joined(separator: "\n"))")
            #expect(gone.isEmpty, "on Tests/privileges.allow but no longer held (remove):\n\(gone.joined(separator: "\n"))")
            #expect(live.count == Set(live).count)
        }
    }
}
