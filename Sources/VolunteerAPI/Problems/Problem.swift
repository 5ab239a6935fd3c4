import Foundation
import Hummingbird

/// An RFC 9457 problem detail, sent as `application/problem+json`.
///
/// `type` is a stable identifier that clients may switch on; `detail` is for
/// people and never echoes what the client sent.
public struct Problem: HTTPResponseError, Encodable, Sendable {
    public let type: String
    public let title: String
    public let status: HTTPResponse.Status
    public let detail: String?

    public init(type: ProblemType, status: HTTPResponse.Status, detail: String? = nil) {
        self.type = type.uri
        self.title = type.title
        self.status = status
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(self)
        return Response(
            status: status,
            headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

/// The catalogue of problem types. Their URIs are part of the API contract.
public struct ProblemType: Sendable, Equatable {
    public let slug: String
    public let title: String

    public var uri: String { "https://vtrack.dev/problems/\(slug)" }

    public static let notFound = ProblemType(slug: "not-found", title: "Not found")
    public static let methodNotAllowed = ProblemType(slug: "method-not-allowed", title: "Method not allowed")
    public static let badRequest = ProblemType(slug: "bad-request", title: "Bad request")
    public static let payloadTooLarge = ProblemType(slug: "payload-too-large", title: "Request body too large")
    public static let databaseUnavailable = ProblemType(
        slug: "database-unavailable", title: "The database is unavailable"
    )
    public static let internalError = ProblemType(slug: "internal-error", title: "Internal error")
    public static let sealingUnavailable = ProblemType(
        slug: "sealing-unavailable", title: "Applications cannot be accepted right now"
    )
}
