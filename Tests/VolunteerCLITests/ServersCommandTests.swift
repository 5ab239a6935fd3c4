import Foundation
import PostgresNIO
import Testing
import VolunteerStore
import VolunteerTestSupport

/// `vtrack servers …` through the binary, run by a login that may create
/// roles (as the schema's owner may), never by a superuser.
@Suite struct ServersCommandTests {
    static func withScratchFolder<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-servers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    static func newName() -> String { "srv_" + UUID().uuidString.prefix(8).lowercased() }

    /// A migrated database, a login that may create roles (as the schema's
    /// owner may), a scratch folder, and a new server name, dropped after.
    static func asOwner(_ body: (TestDatabase, DatabaseSettings, URL, String) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: nil, attributes: "CREATEROLE") { owner in
                try await withScratchFolder { folder in
                    let name = newName()
                    defer { Task { try? await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(name)") } }
                    try await body(test, owner, folder, name)
                }
            }
        }
    }

    /// The password the file holds, as `PGPASSWORD=…`.
    static func password(in file: URL) throws -> String {
        let text = try String(contentsOf: file, encoding: .utf8)
        let match = try #require(text.wholeMatch(of: /PGPASSWORD=([0-9a-f]{64})\n/), "\(text)")
        return String(match.1)
    }

    /// What the login is, as the catalog says: attributes, direct memberships
    /// and privileges granted to it by name (there must be none).
    static func describeRole(_ name: String, in test: TestDatabase) async throws -> [String?] {
        try await test.values(
            """
            SELECT format('super=%s createrole=%s createdb=%s replication=%s bypassrls=%s inherit=%s login=%s', rolsuper,
                          rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolinherit, rolcanlogin)
            FROM pg_roles WHERE rolname = '\(name)'
            UNION ALL
            SELECT 'member of ' || string_agg(g.rolname, ', ' ORDER BY g.rolname)
            FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = '\(name)'::regrole
            UNION ALL
            SELECT 'own grants ' || count(*) FROM (
                SELECT a.grantee FROM pg_class c, aclexplode(c.relacl) a WHERE a.grantee = '\(name)'::regrole
                UNION ALL
                SELECT a.grantee FROM pg_attribute att, aclexplode(att.attacl) a WHERE a.grantee = '\(name)'::regrole
                UNION ALL
                SELECT a.grantee FROM pg_proc p, aclexplode(p.proacl) a WHERE a.grantee = '\(name)'::regrole
            ) own
            """)
    }

    @Test func theOwnerAddsAServerLoginThatCanDoWhatTheAPICanAndNothingMore() async throws {
        try await Self.asOwner { test, owner, folder, sealer in
            let blind = Self.newName()
            defer { Task { try? await TestDatabase.clusterSuperuser("DROP ROLE IF EXISTS \(blind)") } }
            let env = ["DATABASE_URL": owner.url]
            let file = folder.appendingPathComponent("nested/\(sealer).password")
            let added = try await BinaryRunner.run("vtrack", ["servers", "add", sealer, "--password-file", file.path], environment: env)
            #expect(added.status == 0, "\(added.standardError)")

            // The password: in the new file only (mode 0600), never printed, never in the catalog.
            let password = try Self.password(in: file)
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(!(added.standardOutput + added.standardError).contains(password))
            let stored = try #require(try await test.values("SELECT rolpassword FROM pg_authid WHERE rolname = '\(sealer)'").first ?? nil)
            #expect(stored.hasPrefix("SCRAM-SHA-256$4096:") && !stored.contains(password))
            #expect(try await test.values("SELECT count(*)::text FROM pg_authid WHERE rolpassword LIKE '%\(password)%'") == ["0"])

            // Its DATABASE_URL: the owner's host, port, database and TLS, the new login, no password.
            let printed = try #require(added.standardOutput.firstMatch(of: /\nDATABASE_URL='([^']+)'\n/)?.1)
            var expected = owner
            (expected.username, expected.password) = (sealer, nil)
            #expect(String(printed) == expected.url)
            #expect(
                added.standardOutput.contains("added server login \(sealer) (vtrack_api, vtrack_sealer); its password is in \(file.path)"))

            let role = try await Self.describeRole(sealer, in: test)
            #expect(
                role == [
                    "super=f createrole=f createdb=f replication=f bypassrls=f inherit=t login=t",
                    "member of vtrack_api, vtrack_sealer", "own grants 0",
                ], "\(role)")
            let blindFile = folder.appendingPathComponent("\(blind).password")
            let withoutSealer = try await BinaryRunner.run(
                "vtrack", ["servers", "add", blind, "--no-sealer", "--password-file", blindFile.path], environment: env
            )
            #expect(withoutSealer.status == 0, "\(withoutSealer.standardError)")
            #expect(try await Self.describeRole(blind, in: test)[1] == "member of vtrack_api")

            // What vtrack_api may, and no more: positions yes, applicants no; events only as a sealer.
            func asLogin(_ name: String, _ file: URL, _ sql: String) async throws -> String? {
                let settings = try DatabaseSettings(
                    url: String(printed).replacingOccurrences(of: sealer, with: name),
                    environment: ["PGPASSWORD": try Self.password(in: file)])
                return try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                    do {
                        _ = try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: database.logger).collect()
                        return nil
                    } catch let error as PSQLError {
                        return error.serverInfo?[.sqlState]
                    }
                }
            }
            #expect(try await asLogin(sealer, file, "SELECT count(*) FROM positions") == nil)
            #expect(try await asLogin(sealer, file, "SELECT count(*) FROM events") == nil)
            #expect(try await asLogin(sealer, file, "SELECT count(*) FROM applicants") == "42501")
            #expect(try await asLogin(sealer, file, "UPDATE positions SET title = 'x'") == "42501")
            #expect(try await asLogin(sealer, file, "CREATE ROLE \(sealer)_x") == "42501")
            #expect(try await asLogin(blind, blindFile, "SELECT count(*) FROM positions") == nil)
            #expect(try await asLogin(blind, blindFile, "SELECT count(*) FROM events") == "42501")

            let list = try await BinaryRunner.run("vtrack", ["servers", "list", "--json"], environment: env)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            let listed = Dictionary(rows.map { ($0["name"] as? String ?? "", $0["seals"] as? Bool) }) { first, _ in first }
            #expect(listed[sealer] == true && listed[blind] == false)
            #expect(listed["vtrack_api"] == nil && listed[owner.username] == nil)
            let table = try await BinaryRunner.run("vtrack", ["servers", "list"], environment: env)
            #expect(table.standardOutput.contains("NAME") && table.standardOutput.contains(blind))
        }
    }

    @Test func badNamesTakenNamesAndExistingFilesAreRefusedEachWithItsCode() async throws {
        try await Self.asOwner { test, owner, folder, name in
            let env = ["DATABASE_URL": owner.url]
            func add(_ name: String, _ file: String) async throws -> BinaryRun {
                try await BinaryRunner.run(
                    "vtrack", ["servers", "add", name, "--password-file", folder.appendingPathComponent(file).path], environment: env)
            }
            for bad in [
                "Web1", "web-1", "1web", "pg_web", "vtrack_api", "vtrack_sealer", "web\"; DROP ROLE x; --",
                String(repeating: "w", count: 64),
            ] {
                let run = try await add(bad, "bad.password")
                #expect(run.status == 65, "\(bad): \(run.standardError)")
                #expect(run.standardError.contains("server login name: 1 to 63 characters"), "\(run.standardError)")
            }
            #expect(try await add(name, "first.password").status == 0)
            let again = try await add(name, "second.password")
            #expect(again.status == 1)
            #expect(again.standardError.contains("database role \(name) already exists"))
            let someoneElse = try await add(owner.username, "third.password")
            #expect(someoneElse.status == 1, "a role that is not a server is never taken over")

            let existing = folder.appendingPathComponent("kept.password")
            try Data("mine\n".utf8).write(to: existing)
            let other = Self.newName()
            let overwrite = try await add(other, "kept.password")
            #expect(overwrite.status == 1)
            #expect(overwrite.standardError.contains("\(existing.path) already exists and is never overwritten"))
            #expect(try String(contentsOf: existing, encoding: .utf8) == "mine\n")
            #expect(try await test.values("SELECT count(*)::text FROM pg_roles WHERE rolname = '\(other)'") == ["0"])

            let usage = try await BinaryRunner.run("vtrack", ["servers", "add", other], environment: env)
            #expect(usage.status == 64)
            #expect(usage.standardError.contains("--password-file"))
            // Nothing but the one password file ever written.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["first.password", "kept.password"])
        }
    }

    @Test func aCoordinatorCannotAddOrRemoveServers() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { coordinator in
                try await Self.withScratchFolder { folder in
                    let file = folder.appendingPathComponent("eve.password")
                    let run = try await BinaryRunner.run(
                        "vtrack", ["servers", "add", "eve_server", "--password-file", file.path],
                        environment: ["DATABASE_URL": coordinator.url]
                    )
                    #expect(run.status == 77)
                    #expect(run.standardError.contains("permission denied"), "\(run.standardError)")
                    #expect(!FileManager.default.fileExists(atPath: file.path))
                    #expect(
                        try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "the unused password is not left behind")
                }
            }
        }
    }

    @Test func removingDropsTheLoginAndItsRightsAtOnce() async throws {
        try await Self.asOwner { test, owner, folder, name in
            let env = ["DATABASE_URL": owner.url]
            let file = folder.appendingPathComponent("server.password")
            let added = try await BinaryRunner.run("vtrack", ["servers", "add", name, "--password-file", file.path], environment: env)
            #expect(added.status == 0)
            var settings = test.settings
            (settings.username, settings.password) = (name, try Self.password(in: file))
            let (openConnection, afterwards) = try await Database.withDatabase(settings, logger: TestEnvironment.logger) { database in
                try await database.client.withConnection { connection in
                    _ = try await connection.query("SELECT count(*) FROM positions", logger: database.logger).collect()
                    let removed = try await BinaryRunner.run("vtrack", ["servers", "remove", name], environment: env)
                    #expect(removed.status == 0, "\(removed.standardError)")
                    #expect(removed.standardOutput == "removed server login \(name)\n")
                    do {
                        _ = try await connection.query("SELECT count(*) FROM positions", logger: database.logger).collect()
                        return (true, "still allowed")
                    } catch let error as PSQLError {
                        return (true, error.serverInfo?[.sqlState] ?? "\(error)")
                    }
                }
            }
            #expect(openConnection && afterwards == "42501", "an open connection keeps no right: \(afterwards)")
            await #expect(throws: DatabaseUnavailable.self) { try await Database.checkReachable(settings, logger: TestEnvironment.logger) }

            let again = try await BinaryRunner.run("vtrack", ["servers", "remove", name], environment: env)
            #expect(again.status == 65)
            #expect(again.standardError.contains("no server login \(name)"))
            try await test.withRole(in: "vtrack_coordinator") { coordinator in
                let notAServer = try await BinaryRunner.run("vtrack", ["servers", "remove", coordinator.username], environment: env)
                #expect(notAServer.status == 65, "a coordinator is not a server")
                #expect(try await test.values("SELECT count(*)::text FROM pg_roles WHERE rolname = '\(coordinator.username)'") == ["1"])
            }
            #expect(try await BinaryRunner.run("vtrack", ["servers", "remove", "Bad-Name"], environment: env).status == 65)
        }
    }
}
