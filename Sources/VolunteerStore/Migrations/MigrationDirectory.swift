import Foundation
import VolunteerCore

/// Finds and reads the `migrations/` folder.
public enum MigrationDirectory {
    /// `VTRACK_MIGRATIONS_DIR`, else `./migrations`, else a `migrations`
    /// folder beside or above the running executable (so a binary built in
    /// `.build/release` finds the repository's folder from anywhere).
    public static func locate(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(MigrationError) -> URL {
        if let path = explicit ?? environment["VTRACK_MIGRATIONS_DIR"], !path.isEmpty {
            let url = URL(fileURLWithPath: path)
            guard isDirectory(url) else { throw .directoryNotFound(path) }
            return url
        }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("migrations")
        if isDirectory(current) { return current }
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("migrations")
            if isDirectory(candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        throw .directoryNotFound(current.path)
    }

    /// The running binary itself: the kernel's link on Linux, since the
    /// first argument is only the name typed when it was found on PATH.
    static var executable: URL {
        #if os(Linux)
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) {
            return URL(fileURLWithPath: target)
        }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }

    /// Every `*.sql` file in `url`; anything else there is ignored.
    public static func load(_ url: URL) throws(MigrationError) -> MigrationSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw .directoryNotFound(url.path)
        }
        var migrations: [Migration] = []
        for name in names where name.hasSuffix(".sql") {
            let file = url.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file.path),
                let contents = String(data: data, encoding: .utf8)
            else {
                throw .unreadableSQL(fileName: name, reason: "not readable as UTF-8 text")
            }
            migrations.append(try Migration(fileName: name, contents: contents))
        }
        return try MigrationSet(migrations)
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
