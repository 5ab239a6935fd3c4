import Foundation
import Hummingbird
import NIOHTTP1

/// A form's body as the pages read it: 415 for another content type, 413
/// over 64 KiB, 400 for bytes that are not form data.
enum FormBody {
    static func fields(of request: Request) async throws -> FormFields {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { String($0).trimmed.lowercased() }
        guard type == "application/x-www-form-urlencoded" else {
            throw Problem(type: .unsupportedMediaType, status: .unsupportedMediaType, detail: "Send the form as a browser does.")
        }
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: JSONBody.maximumBytes)
        } catch is HTTPParserError {
            throw Problem(type: .badRequest, status: .badRequest, detail: "The body did not arrive whole.")
        }
        guard let text = String(validating: Array(buffer: bytes), as: UTF8.self), !text.contains("\u{0}"),
            let fields = FormFields(urlEncoded: text)
        else {
            throw Problem(type: .badRequest, status: .badRequest, detail: "The form could not be read.")
        }
        return fields
    }
}
