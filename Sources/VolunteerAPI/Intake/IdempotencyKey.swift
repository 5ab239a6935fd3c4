import Crypto
import Foundation
import Hummingbird
import VolunteerCore

/// The `Idempotency-Key` of a POST: looked up by hash, and the key to the
/// stored response, which carries the status token and so is sealed with a
/// key derived from the Idempotency-Key itself (only the client holds it).
struct IdempotencyKey: Sendable {
    let text: String
    /// What the database knows the key by; used several times per request.
    let hash: [UInt8]

    init(text: String) {
        self.text = text
        self.hash = Array(SHA256.hash(data: Data("vtrack/v1/idempotency-key:\(text)".utf8)))
    }

    /// Nil when absent; a problem when present but unusable.
    static func from(_ request: Request) throws -> IdempotencyKey? {
        guard let text = request.headers[.init("Idempotency-Key")!] else { return nil }
        guard (16...255).contains(text.utf8.count),
            text.utf8.allSatisfy({ $0.isASCIILetterOrDigit || "-_.:".utf8.contains($0) })
        else {
            throw Problem(
                type: .badRequest, status: .badRequest,
                detail: "Idempotency-Key must be 16 to 255 letters, digits, '-', '_', '.' or ':' (a UUID will do)."
            )
        }
        return IdempotencyKey(text: text)
    }

    private var responseKey: SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(text.utf8)), salt: Data("vtrack/v1".utf8),
            info: Data("idempotent-response".utf8), outputByteCount: 32
        )
    }

    func seal(_ body: Data) throws -> [UInt8] {
        Array(try ChaChaPoly.seal(body, using: responseKey, authenticating: hash).combined)
    }

    func open(_ sealed: [UInt8]) throws -> Data {
        try ChaChaPoly.open(ChaChaPoly.SealedBox(combined: sealed), using: responseKey, authenticating: hash)
    }

    static func requestHash(_ body: ByteBuffer) -> [UInt8] {
        Array(SHA256.hash(data: Data(buffer: body)))
    }
}
