import Foundation
import Testing
import VolunteerCore
import VolunteerTestSupport

@testable import VolunteerAPI

/// The pages' words: every language has every text, with the same
/// placeholders, actually translated, and every word a template or the code
/// asks for exists. Reads the catalogs and templates from the source tree,
/// so a broken file fails here before any server starts.
@Suite struct PageCatalogTests {
    static let pages = TestEnvironment.repositoryRoot.appendingPathComponent("Sources/VolunteerAPI/Resources/pages")

    /// Texts that are rightly the same as English in a language: the word
    /// locals use is the English one.
    static let sameAsEnglish: [PageLanguage: Set<String>] = [
        .ru: ["form.email"],  // "E-mail", as Russian forms write it
        .cs: ["form.email"],  // "E-mail" is the Czech word
    ]

    static func catalogs() throws -> [PageLanguage: PageCatalog] {
        try PageCatalog.load(from: pages.appendingPathComponent("catalog"))
    }

    static func placeholders(_ text: String) -> [String] {
        text.matches(of: /\{[A-Za-z_][A-Za-z0-9_]*\}/).map { String($0.output) }.sorted()
    }

    static var translations: [PageLanguage] { PageLanguage.allCases.filter { $0 != .en } }

    @Test func everyCatalogHasExactlyTheEnglishKeys() throws {
        let catalogs = try Self.catalogs()
        let english = Set(try #require(catalogs[.en]).texts.keys)
        #expect(english.count > 100)
        for language in Self.translations {
            let keys = Set(try #require(catalogs[language]).texts.keys)
            #expect(english.subtracting(keys).sorted() == [], "missing from \(language.rawValue).json")
            #expect(keys.subtracting(english).sorted() == [], "not in en.json but in \(language.rawValue).json")
        }
    }

    @Test func everyTextKeepsTheEnglishPlaceholders() throws {
        let catalogs = try Self.catalogs()
        let english = try #require(catalogs[.en])
        for language in Self.translations {
            let catalog = try #require(catalogs[language])
            for (key, text) in catalog.texts {
                guard let original = english.texts[key] else { continue }
                #expect(Self.placeholders(text) == Self.placeholders(original), "\(language.rawValue).json \(key): \(text)")
                #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(language.rawValue).json \(key) is empty")
            }
        }
    }

    @Test func everyTextIsTranslatedButTheListedFew() throws {
        let catalogs = try Self.catalogs()
        let english = try #require(catalogs[.en])
        for language in Self.translations {
            let catalog = try #require(catalogs[language])
            let allowed = Self.sameAsEnglish[language] ?? []
            let untranslated = catalog.texts.filter { key, text in english.texts[key] == text && !allowed.contains(key) }.keys.sorted()
            #expect(untranslated == [], "left in English in \(language.rawValue).json")
        }
    }

    /// Translations use their language's typography: no straight quotes or
    /// apostrophes, no hyphen standing for a dash.
    @Test func translationsUseTypographicPunctuation() throws {
        let catalogs = try Self.catalogs()
        for language in Self.translations {
            for (key, text) in try #require(catalogs[language]).texts {
                #expect(!text.contains("\"") && !text.contains("'"), "\(language.rawValue).json \(key): straight quote in \(text)")
                #expect(!text.contains(" - "), "\(language.rawValue).json \(key): hyphen for a dash in \(text)")
            }
        }
    }

    @Test func everyTemplateReferenceExistsInEveryCatalog() throws {
        let catalogs = try Self.catalogs()
        let folder = Self.pages.appendingPathComponent("templates")
        var references: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let template = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for match in template.matches(of: /\{\{[#^\/]?\s*t\.([A-Za-z0-9_.]+)\s*\}\}/) { references.insert(String(match.output.1)) }
        }
        #expect(references.count > 50, "the templates' {{t.…}} references were not found")
        for language in PageLanguage.allCases {
            let texts = try #require(catalogs[language]).texts
            #expect(references.filter { texts[$0] == nil }.sorted() == [], "used by a template but not in \(language.rawValue).json")
        }
    }

    /// The keys the code builds: the literal ones in Pages/*.swift, the day
    /// names, the application states and the error pages' fallback.
    @Test func everyKeyTheCodeAsksForExists() throws {
        let catalogs = try Self.catalogs()
        let folder = TestEnvironment.repositoryRoot.appendingPathComponent("Sources/VolunteerAPI/Pages")
        var keys: Set<String> = ["problem.other", "problem.title"]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for match in source.matches(of: /catalog(?:\.text\(|\[)"([a-z_]+\.[a-z0-9_.]+)"/) { keys.insert(String(match.output.1)) }
        }
        #expect(keys.count > 10, "the code's catalog keys were not found")
        keys.formUnion(Weekday.allCases.map { "day.\($0.rawValue)" })
        keys.formUnion(ApplicationStatus.allCases.map { "states.\($0.rawValue)" })
        for language in PageLanguage.allCases {
            let texts = try #require(catalogs[language]).texts
            #expect(keys.filter { texts[$0] == nil }.sorted() == [], "asked for by the code but not in \(language.rawValue).json")
        }
    }

    @Test func theBuiltPagesLoad() throws {
        let renderer = try PageRenderer.load()
        #expect(renderer.catalog(.uk)["day.fri"] == "П’ятниця")
    }
}
