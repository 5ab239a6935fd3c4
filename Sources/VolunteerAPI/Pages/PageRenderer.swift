import Foundation
import Hummingbird
import Mustache

/// Renders a page: a Mustache template from `Resources/pages/templates`
/// (every `{{value}}` HTML-escaped), with the visitor's language's words
/// under `t`, the language switch, and the assets' versioned paths.
struct PageRenderer: Sendable {
    let templates: MustacheLibrary
    let catalogs: [PageLanguage: PageCatalog]
    let assets: PageAssets

    /// The pages this build carries, read once; the server refuses to
    /// start with pages on when they cannot be read.
    static let bundled: Result<PageRenderer, PagesUnreadable> = Result { try load() }.mapError { PagesUnreadable(reason: "\($0)") }

    static func load() throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "pages", withExtension: nil) else {
            throw PagesUnreadable(reason: "the folder is missing from this build")
        }
        var templates = MustacheLibrary()
        let templateFolder = folder.appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templateFolder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templateFolder.appendingPathComponent(name), encoding: .utf8)
            try templates.register(text, named: String(name.dropLast(".mustache".count)))
        }
        return PageRenderer(
            templates: templates,
            catalogs: try PageCatalog.load(from: folder.appendingPathComponent("catalog")),
            assets: try PageAssets(folder: folder.appendingPathComponent("assets"))
        )
    }

    struct PagesUnreadable: Error, CustomStringConvertible {
        let reason: String
        var description: String { "the applicants' pages cannot be read (\(reason)); set VTRACK_PAGES=off to serve the API alone" }
    }

    func catalog(_ language: PageLanguage) -> PageCatalog { catalogs[language]! }

    /// `template` with `values`, as an HTML answer. `path` is where the
    /// language switch's links go (a page's own address, never with a value
    /// someone typed).
    func page(
        _ template: String, _ values: [String: Any], language: PageLanguage, title: String, path: String,
        status: HTTPResponse.Status = .ok, cacheable: Bool = false
    ) -> Response {
        var context = values
        context["lang"] = language.rawValue
        context["t"] = catalog(language).nested
        context["page_title"] = title
        context["style"] = assets.paths["style.css"]
        context["timezone_script"] = assets.paths["timezone.js"]
        context["languages"] = PageLanguage.allCases.map { other -> [String: Any] in
            ["code": other.rawValue, "name": other.name, "href": "\(path)?lang=\(other.rawValue)", "current": other == language]
        }
        let html = templates.render(context, withTemplate: template) ?? ""
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .contentLanguage: language.rawValue,
                .cacheControl: cacheable ? "public, max-age=60" : "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }
}
