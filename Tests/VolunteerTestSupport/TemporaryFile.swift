import Foundation

/// An empty file in the temporary folder, under a name of its own.
struct TemporaryFile: Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-test-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    }

    var contents: String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
