import Foundation
import VolunteerTestSupport

/// nginx from Debian (`VTRACK_NGINX`, installed by scripts/test) in front of
/// vtrack-server instances, on loopback, with a configuration of its own in
/// a temporary folder: what README.md's "Several instances" section shows.
final class ReverseProxy: @unchecked Sendable {
    // @unchecked: Process is not Sendable; the test that started it is its only user.
    let port: Int
    private let process: Process
    private let folder: URL

    init(upstreams: [Int]) throws {
        let binary = ProcessInfo.processInfo.environment["VTRACK_NGINX"] ?? "/usr/sbin/nginx"
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw NginxMissing(path: binary) }
        port = try ServerProcessTests.freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.configuration(port: port, upstreams: upstreams, folder: folder.path)
            .write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-p", folder.path, "-c", folder.appendingPathComponent("nginx.conf").path, "-e", "stderr"]
        process.standardOutput = FileHandle.nullDevice
        let errors = try FileHandle(forWritingTo: Self.emptyFile(folder.appendingPathComponent("stderr.log")))
        process.standardError = errors
        try process.run()
        try? errors.close()
    }

    var base: String { "http://127.0.0.1:\(port)" }

    var errorLog: String { (try? String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGQUIT) }
        for _ in 0..<300 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: folder)
    }

    private static func emptyFile(_ url: URL) -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    /// One process in the foreground; the proxy part is README.md's.
    static func configuration(port: Int, upstreams: [Int], folder: String) -> String {
        """
        daemon off;
        master_process off;
        pid \(folder)/nginx.pid;
        events { worker_connections 512; }
        http {
            access_log off;
            client_body_temp_path \(folder)/body;
            proxy_temp_path \(folder)/proxy;
            fastcgi_temp_path \(folder)/fastcgi;
            uwsgi_temp_path \(folder)/uwsgi;
            scgi_temp_path \(folder)/scgi;

            upstream vtrack {
                \(upstreams.map { "server 127.0.0.1:\($0);" }.joined(separator: "\n        "))
                keepalive 16;
                keepalive_timeout 20s;
            }
            server {
                listen 127.0.0.1:\(port);
                client_max_body_size 64k;
                location / {
                    proxy_pass http://vtrack;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_next_upstream error timeout;
                }
            }
        }
        """
    }
}

struct NginxMissing: Error, CustomStringConvertible {
    let path: String
    var description: String { "nginx is not at \(path): scripts/test installs it (VTRACK_NGINX)" }
}
