import Foundation

/// Report files appear whole or not at all: written beside their place,
/// then renamed over it.
enum ReportOutput {
    struct CannotWrite: Error, CustomStringConvertible {
        let path: String
        let reason: String

        var description: String { "cannot write \(path): \(reason)" }
    }

    static func write(_ text: String, toFolder folder: String, named name: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CannotWrite(path: folder, reason: "the folder cannot be created")
        }
        try write(text, to: (folder as NSString).appendingPathComponent(name))
    }

    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: Data(text.utf8)) else {
            throw CannotWrite(path: path, reason: "its folder is missing or not writable")
        }
        guard rename(partial.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw CannotWrite(path: path, reason: "it cannot be replaced")
        }
    }
}
