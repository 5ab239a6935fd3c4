import Foundation
import Hummingbird
import Logging
import VolunteerCore
import VolunteerStore

/// The applicants' own pages, served by vtrack-server unless
/// `VTRACK_PAGES=off`: `/positions`, a position and its form, `/status`.
/// They work without scripts, set no cookie, and go through the API's own
/// rules and intake.
struct PageRoutes {
    let renderer: PageRenderer
    let positions: PositionPages
    let status: StatusPages

    /// Every page route, for `KnownRoutes`.
    static let table: [(pattern: [String], methods: [HTTPRequest.Method])] = [
        ([], [.get]),
        (["positions"], [.get]),
        (["positions", "{slug}"], [.get, .post]),
        (["status"], [.get, .post]),
        (["assets", "{version}", "{name}"], [.get]),
    ]

    func register(on router: Router<APIRequestContext>) {
        let pages = router.group().add(middleware: PageHeadersMiddleware())
        let renderer = self.renderer
        let positions = self.positions
        let status = self.status
        pages.get("/") { request, _ in
            let language = Self.language(request)
            return Response(status: .seeOther, headers: [.location: "/positions?lang=\(language.rawValue)"])
        }
        pages.get("positions") { request, context in
            try await Self.answering(renderer, Self.language(request), path: "/positions", logger: context.logger) { language in
                try await positions.list(request, language: language)
            }
        }
        pages.get("positions/{slug}") { request, context in
            let slug = try context.parameters.require("slug")
            return try await Self.answering(renderer, Self.language(request), path: "/positions", logger: context.logger) { language in
                try await positions.position(slug: slug, language: language)
            }
        }
        pages.post("positions/{slug}") { request, context in
            let slug = try context.parameters.require("slug")
            let fields = try await FormBody.fields(of: request)
            let language = PageLanguage.negotiate(explicit: fields["lang"], acceptLanguage: request.headers[.acceptLanguage])
            return try await Self.answering(renderer, language, path: "/positions", logger: context.logger) { language in
                try await positions.apply(slug: slug, fields: fields, language: language)
            }
        }
        pages.get("status") { request, _ in
            let language = Self.language(request)
            return status.entry(language: language)
        }
        pages.post("status") { request, context in
            let fields = try await FormBody.fields(of: request)
            let language = PageLanguage.negotiate(explicit: fields["lang"], acceptLanguage: request.headers[.acceptLanguage])
            return try await Self.answering(renderer, language, path: "/status", logger: context.logger) { language in
                try await status.act(fields, language: language)
            }
        }
        pages.get("assets/{version}/{name}") { request, _ in
            guard let asset = renderer.assets.response(for: request.uri.path) else {
                throw Problem(type: .notFound, status: .notFound, detail: "No such file.")
            }
            return asset
        }
    }

    /// `?lang=`, else the browser's preference.
    static func language(_ request: Request) -> PageLanguage {
        PageLanguage.negotiate(
            explicit: request.uri.queryParameters["lang"].map(String.init), acceptLanguage: request.headers[.acceptLanguage])
    }

    /// The page `body` makes, or a page that says what went wrong, in the
    /// visitor's language and with the problem's status.
    static func answering(
        _ renderer: PageRenderer, _ language: PageLanguage, path: String, logger: Logger,
        _ body: (PageLanguage) async throws -> Response
    ) async throws -> Response {
        do {
            return try await body(language)
        } catch {
            let problem = ProblemMiddleware<APIRequestContext>.problem(for: error, method: .get, path: path, logger: logger)
            let catalog = renderer.catalog(language)
            let key = "problem.\(problem.status.code)"
            let message = catalog.texts[key] ?? catalog["problem.other"]
            var page = renderer.page(
                "error", ["message": message], language: language, title: catalog["problem.title"], path: path, status: problem.status)
            page.headers.append(contentsOf: problem.headers)
            return page
        }
    }
}
