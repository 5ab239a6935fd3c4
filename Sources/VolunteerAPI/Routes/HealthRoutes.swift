import Hummingbird
import VolunteerStore

/// `/health` says the process is alive; `/ready` says it can serve, which
/// needs the database.
struct HealthRoutes {
    let database: Database

    func register(on router: Router<some RequestContext>) {
        router.get("health") { _, _ in
            Self.status("ok")
        }
        router.get("ready") { _, _ in
            guard await database.isReady() else {
                throw Problem(
                    type: .databaseUnavailable, status: .serviceUnavailable,
                    detail: "The server cannot reach its database. Try again shortly."
                )
            }
            return Self.status("ready")
        }
    }

    static func status(_ value: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"\#(value)"}"#))
        )
    }
}
