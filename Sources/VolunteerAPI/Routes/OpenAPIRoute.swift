import Foundation
import Hummingbird

/// `GET /openapi.yaml`: the contract, as committed in
/// `Sources/VolunteerAPI/Resources/openapi.yaml`.
enum OpenAPIRoute {
    static let document: ByteBuffer? = Bundle.module.url(forResource: "openapi", withExtension: "yaml")
        .flatMap { try? Data(contentsOf: $0) }
        .map { ByteBuffer(bytes: $0) }

    static func register(on router: Router<APIRequestContext>) {
        router.get("openapi.yaml") { _, _ in
            guard let document else { throw Problem(type: .notFound, status: .notFound, detail: "The API description is missing from this build.") }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: document)
            )
        }
    }
}
