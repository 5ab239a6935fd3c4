import Crypto
import Foundation
import Hummingbird
import VolunteerCore

/// The applicant's secret for their application: 256 random bits, shown once
/// as base64url, stored only as its SHA-256.
struct StatusToken: Sendable {
    let text: String

    static func generate() -> StatusToken {
        let base64 = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
        // base64url without padding (RFC 4648, section 5).
        let url = base64.utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return StatusToken(text: String(decoding: url, as: UTF8.self))
    }

    var hash: [UInt8] { StatusTokenHash.of(text) }

    /// The application's inbox key: derived for this request, never kept.
    var inboxKey: InboxPrivateKey { InboxPrivateKey(statusToken: text) }

    /// The token of `Authorization: Bearer …`, or nil for anything else;
    /// callers answer every nil and every unknown token the same way.
    static func from(_ request: Request) -> StatusToken? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return parse(String(header.dropFirst("Bearer ".count)))
    }

    /// A token as pasted (the status page's form), or nil when it cannot be one.
    static func parse(_ pasted: String) -> StatusToken? {
        let text = pasted.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count == 43, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        return StatusToken(text: text)
    }
}
