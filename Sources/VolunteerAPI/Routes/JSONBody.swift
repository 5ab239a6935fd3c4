import Foundation
import Hummingbird
import NIOHTTP1
import VolunteerCore

/// Reading and writing JSON bodies the same way on every route.
enum JSONBody {
    static let maximumBytes = 64 * 1024

    /// The body's bytes: 415 for another content type, 413 over 64 KiB.
    static func bytes(of request: Request) async throws -> ByteBuffer {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { String($0).trimmed.lowercased() }
        guard type == "application/json" else {
            throw Problem(type: .unsupportedMediaType, status: .unsupportedMediaType, detail: "Send the body as application/json.")
        }
        do {
            return try await request.body.collect(upTo: maximumBytes)
        } catch is HTTPParserError {
            // The connection ended mid-body: the client left, or stalled past the idle timeout.
            throw Problem(type: .badRequest, status: .badRequest, detail: "The body did not arrive whole.")
        }
    }

    /// 400 for anything that is not well-formed UTF-8 JSON.
    static func value(of bytes: ByteBuffer) throws -> JSONValue {
        do {
            return try JSONParser.parse(Array(buffer: bytes))
        } catch {
            throw Problem(type: .malformedJSON, status: .badRequest, detail: "The body must be one well-formed JSON value in UTF-8.")
        }
    }

    static func validationProblem(_ failure: ValidationFailure) -> Problem {
        Problem(
            type: .validationFailed, status: .unprocessableContent,
            detail: "Nothing was stored. Correct the fields listed in errors and send again.", errors: failure.problems
        )
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    static func response(
        _ status: HTTPResponse.Status, _ body: Data, private isPrivate: Bool, extra: HTTPFields = [:]
    ) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        // Applicants' data must never sit in a cache; positions may, briefly.
        headers[.cacheControl] = isPrivate ? "no-store" : "public, max-age=60"
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
