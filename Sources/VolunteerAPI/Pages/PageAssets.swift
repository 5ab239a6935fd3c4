import Crypto
import Foundation
import Hummingbird

/// The pages' few static files (a style sheet, the optional time-zone
/// script), served from `/assets/<version>/<name>`: the version is the
/// content's hash, so a file can be cached for a year and a new build
/// never meets an old copy.
struct PageAssets: Sendable {
    struct Asset: Sendable {
        let body: ByteBuffer
        let contentType: String
        let path: String
    }

    private let byPath: [String: Asset]
    /// Each asset's path by its file name, for templates.
    let paths: [String: String]

    init(folder: URL) throws {
        var byPath: [String: Asset] = [:]
        var paths: [String: String] = [:]
        for (name, type) in [("style.css", "text/css; charset=utf-8"), ("timezone.js", "text/javascript; charset=utf-8")] {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let version = SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
            let path = "/assets/\(version)/\(name)"
            byPath[path] = Asset(body: ByteBuffer(bytes: data), contentType: type, path: path)
            paths[name] = path
        }
        self.byPath = byPath
        self.paths = paths
    }

    func response(for path: String) -> Response? {
        guard let asset = byPath[path] else { return nil }
        return Response(
            status: .ok,
            headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable"],
            body: .init(byteBuffer: asset.body)
        )
    }
}
