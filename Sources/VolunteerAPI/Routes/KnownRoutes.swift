import Hummingbird

/// Every path the server answers and its methods, so that a known path with
/// the wrong method gets 405 and `Allow` rather than 404.
enum KnownRoutes {
    static let table: [(pattern: [String], methods: [HTTPRequest.Method])] = [
        (["health"], [.get]),
        (["ready"], [.get]),
        (["openapi.yaml"], [.get]),
        (["v1", "positions"], [.get]),
        (["v1", "positions", "*"], [.get]),
        (["v1", "applications"], [.post]),
        (["v1", "applications", "me"], [.get, .delete]),
        (["v1", "applications", "me", "withdraw"], [.post]),
        (["v1", "applications", "me", "availability"], [.put]),
    ]

    /// The methods of `path`, or nil when no route has that path.
    static func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return table.first { route in
            route.pattern.count == segments.count
                && zip(route.pattern, segments).allSatisfy { pattern, segment in pattern == "*" || pattern == segment }
        }?.methods
    }

    static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        (methods + (methods.contains(.get) ? [.head] : []) + [.options]).map(\.rawValue).joined(separator: ", ")
    }
}
