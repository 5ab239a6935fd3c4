import Foundation
import Hummingbird
import VolunteerCore

/// An RFC 9457 problem detail, sent as `application/problem+json`.
///
/// `type` is a stable identifier that clients may switch on; `detail` is for
/// people and never echoes what the client sent.
public struct Problem: HTTPResponseError, Encodable, Sendable {
    public let type: String
    /// The type's slug: what the metrics count refusals by.
    let slug: String
    public let title: String
    public let status: HTTPResponse.Status
    public let detail: String?
    /// For validation: each offending field and the rule it broke.
    public let errors: [FieldProblem]
    /// Extra response headers, such as `Retry-After` or `Allow`.
    public let headers: HTTPFields

    public init(
        type: ProblemType, status: HTTPResponse.Status, detail: String? = nil, errors: [FieldProblem] = [],
        headers: HTTPFields = [:]
    ) {
        self.type = type.uri
        self.slug = type.slug
        self.title = type.title
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
        if !errors.isEmpty { try container.encode(errors, forKey: .errors) }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        (context as? any ProblemRecordingContext)?.answeredProblem.record(slug)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(self)
        var fields: HTTPFields = [.contentType: "application/problem+json", .cacheControl: "no-store"]
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
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
    public static let validationFailed = ProblemType(slug: "validation-failed", title: "Some fields are not valid")
    public static let malformedJSON = ProblemType(slug: "malformed-json", title: "The body is not valid JSON")
    public static let unsupportedMediaType = ProblemType(slug: "unsupported-media-type", title: "Send application/json")
    public static let idempotencyKeyMissing = ProblemType(
        slug: "idempotency-key-missing", title: "An Idempotency-Key header is required"
    )
    public static let idempotencyKeyReused = ProblemType(
        slug: "idempotency-key-reused", title: "This Idempotency-Key was used for a different request"
    )
    public static let idempotencyInProgress = ProblemType(
        slug: "idempotency-in-progress", title: "A request with this Idempotency-Key is still running"
    )
    public static let unauthorized = ProblemType(slug: "unauthorized", title: "A status token is required")
    public static let conflict = ProblemType(slug: "conflict", title: "Not possible in the current state")
    public static let rateLimited = ProblemType(slug: "rate-limited", title: "Too many requests")
    public static let repliesWaiting = ProblemType(slug: "replies-waiting", title: "Too many messages are waiting to be read")
    public static let serverBusy = ProblemType(slug: "server-busy", title: "The server is busy")
    public static let sealingUnavailable = ProblemType(
        slug: "sealing-unavailable", title: "Applications cannot be accepted right now"
    )
}
