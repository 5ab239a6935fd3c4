import Hummingbird

/// Every path the server answers and its methods, so that a known path with
/// the wrong method gets 405 and `Allow` rather than 404.
enum KnownRoutes {
    /// The API's routes; `OpenAPIContractTests` holds the contract to them.
    static let api: [(pattern: [String], methods: [HTTPRequest.Method])] = [
        (["health"], [.get]),
        (["ready"], [.get]),
        (["openapi.yaml"], [.get]),
        (["v1", "positions"], [.get]),
        (["v1", "positions", "{slug}"], [.get]),
        (["v1", "applications"], [.post]),
        (["v1", "applications", "me"], [.get, .delete]),
        (["v1", "applications", "me", "withdraw"], [.post]),
        (["v1", "applications", "me", "availability"], [.put]),
        (["v1", "applications", "me", "messages"], [.get, .post]),
    ]

    /// The API's and the pages' routes (the pages' answer 404 when they are off).
    static let table = api + PageRoutes.table

    /// Every API route's pattern, as `pattern(for:)` gives it.
    static var patterns: [String] {
        api.map { text($0.pattern) }
    }

    /// Every route's pattern, the pages' too (the metrics' route labels).
    static var allPatterns: [String] {
        table.map { text($0.pattern) }
    }

    /// The methods of `path`, or nil when no route has that path.
    static func methods(for path: String) -> [HTTPRequest.Method]? {
        route(for: path)?.methods
    }

    /// The pattern of `path`'s route (`/v1/positions/{slug}`), or nil when
    /// no route has that path. Never the path itself: a path can hold an id.
    static func pattern(for path: String) -> String? {
        route(for: path).map { text($0.pattern) }
    }

    private static func text(_ pattern: [String]) -> String {
        "/" + pattern.joined(separator: "/")
    }

    private static func route(for path: String) -> (pattern: [String], methods: [HTTPRequest.Method])? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return table.first { route in
            route.pattern.count == segments.count
                && zip(route.pattern, segments).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == segment }
        }
    }

    static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        (methods + [.options]).map(\.rawValue).joined(separator: ", ")
    }
}
