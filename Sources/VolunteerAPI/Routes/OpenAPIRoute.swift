import Hummingbird
import VolunteerCore
import VolunteerStore

/// `GET /openapi.yaml`: the contract (`OpenAPIDocument`), with the time
/// zones the server knows and the open positions, skills, sources and
/// privacy notices as they stand when it is asked for.
struct OpenAPIRoute {
    let positions: PositionRepository
    let skills: VocabularyRepository
    let sources: VocabularyRepository
    let privacyNotices: PrivacyNoticeRepository
    let deadline: DatabaseDeadline

    static let timeZones = TimeZoneRules.known.sorted()

    func register(on router: Router<APIRequestContext>) {
        router.get("openapi.yaml") { _, _ in
            guard let document = OpenAPIDocument.committed else {
                throw Problem(type: .notFound, status: .notFound, detail: "The API description is missing from this build.")
            }
            var sets = try await deadline.run { [positions, skills, sources, privacyNotices] in
                async let open = positions.listOpen()
                async let skillTerms = skills.list()
                async let sourceTerms = sources.list()
                async let notices = privacyNotices.list()
                return try await [
                    OpenAPIDocument.ServedSet.openPositions: open.map(\.slug).sorted(),
                    .skills: skillTerms.map(\.slug), .sources: sourceTerms.map(\.slug), .privacyNotices: notices.map(\.version),
                ]
            }
            sets[.timeZones] = Self.timeZones
            // Briefly, like the positions: a new skill shows within a minute.
            return Response(
                status: .ok, headers: [.contentType: "application/yaml", .cacheControl: "public, max-age=60"],
                body: .init(byteBuffer: ByteBuffer(string: try document.filled(with: sets)))
            )
        }
    }
}
