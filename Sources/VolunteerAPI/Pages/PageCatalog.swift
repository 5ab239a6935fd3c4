import Foundation

/// The pages' words in one language: one JSON file per language under
/// `Resources/pages/catalog`, nested by page, every file with the same
/// keys (a test holds them to it). Templates read the nested form
/// (`{{t.form.name}}`); code looks words up by dotted key (`form.name`).
/// `{name}` in a text is filled by `text(_:_:)`.
struct PageCatalog: @unchecked Sendable {
    let language: PageLanguage
    /// For templates; only strings and dictionaries of them, never changed.
    let nested: [String: Any]
    let texts: [String: String]

    subscript(key: String) -> String { texts[key] ?? key }

    /// The text of `key` with `{name}` placeholders filled in.
    func text(_ key: String, _ values: [String: String]) -> String {
        values.reduce(self[key]) { text, value in text.replacingOccurrences(of: "{\(value.key)}", with: value.value) }
    }

    init(language: PageLanguage, json: Data) throws {
        guard let nested = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw CatalogError(language: language, reason: "is not a JSON object")
        }
        var texts: [String: String] = [:]
        func flatten(_ object: [String: Any], prefix: String) throws {
            for (key, value) in object {
                switch value {
                case let text as String: texts[prefix + key] = text
                case let inner as [String: Any]: try flatten(inner, prefix: prefix + key + ".")
                default: throw CatalogError(language: language, reason: "\(prefix + key) is neither a text nor an object")
                }
            }
        }
        try flatten(nested, prefix: "")
        (self.language, self.nested, self.texts) = (language, nested, texts)
    }

    struct CatalogError: Error, CustomStringConvertible {
        let language: PageLanguage
        let reason: String
        var description: String { "catalog \(language.rawValue).json: \(reason)" }
    }

    static func load(from folder: URL) throws -> [PageLanguage: PageCatalog] {
        var catalogs: [PageLanguage: PageCatalog] = [:]
        for language in PageLanguage.allCases {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(language.rawValue).json"))
            catalogs[language] = try PageCatalog(language: language, json: data)
        }
        return catalogs
    }
}
