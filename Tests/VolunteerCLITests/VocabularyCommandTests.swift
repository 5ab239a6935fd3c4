import Foundation
import Testing
import VolunteerCore
import VolunteerStore
import VolunteerTestSupport

@Suite struct VocabularyCommandTests {
    @Test func sourcesAreAVocabularyToo() async throws {
        try await TestDatabase.withMigrated { test in
            let env = ["DATABASE_URL": test.settings.url]
            #expect(try await BinaryRunner.run("vtrack", ["sources", "add", "podcast", "A podcast"], environment: env).status == 0)
            #expect(try await BinaryRunner.run("vtrack", ["sources", "retire", "newsletter"], environment: env).status == 0)
            let list = try await BinaryRunner.run("vtrack", ["sources", "list", "--json"], environment: env)
            let sources = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            #expect(sources.compactMap { $0["slug"] as? String } == ["event", "friend", "other", "podcast", "social-media", "website"])
            #expect(sources.allSatisfy { $0["retired"] as? Bool == false && $0["label"] is String })
        }
    }

    @Test func managesTheVocabularyWithClearRefusals() async throws {
        try await TestDatabase.withMigrated { test in
            try await test.withRole(in: "vtrack_coordinator") { settings in
                let env = ["DATABASE_URL": settings.url]
                func vtrack(_ arguments: String...) async throws -> BinaryRun {
                    try await BinaryRunner.run("vtrack", arguments, environment: env)
                }
                #expect(try await vtrack("skills", "add", "editing", "Editing").status == 0)
                let duplicate = try await vtrack("skills", "add", "editing", "Editing again")
                #expect(duplicate.status == 1)
                #expect(duplicate.standardError.contains("skill editing already exists"))
                let badSlug = try await vtrack("skills", "add", "Social Media", "Social media")
                #expect(badSlug.status == 65)
                #expect(badSlug.standardError.contains("lowercase letters"))

                #expect(try await vtrack("skills", "add", "smm", "Social media").status == 0)
                #expect(try await vtrack("skills", "rename", "smm", "social-media").status == 0)
                #expect(try await vtrack("skills", "retire", "editing").status == 0)
                let missing = try await vtrack("skills", "retire", "knitting")
                #expect(missing.status == 65)
                #expect(missing.standardError.contains("no skill knitting"))

                let current = try await vtrack("skills", "list", "--json")
                let skills = try #require(try JSONSerialization.jsonObject(with: Data(current.standardOutput.utf8)) as? [[String: Any]])
                #expect(skills.map { $0["slug"] as? String } == ["social-media"])
                let all = try await vtrack("skills", "list", "--all")
                #expect(all.standardOutput.contains("editing"))
                #expect(all.standardOutput.contains("retired"))
            }
        }
    }
}
