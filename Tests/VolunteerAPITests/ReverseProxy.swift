import Foundation
import VolunteerTestSupport

/// nginx from Debian (`VTRACK_NGINX`, installed by scripts/test) in front of
/// vtrack-server instances, on loopback, with a configuration of its own in
/// a temporary folder: what README.md's "Several instances" section shows.
struct ReverseProxy {
    let port: Int
    let nginx: RunningBinary

    var base: String { "http://127.0.0.1:\(port)" }

    var errorLog: String { nginx.standardError }

    /// nginx in front of `upstreams`, on a port reserved for it, handed to
    /// `body`; stopped afterwards, gracefully (SIGQUIT) when `body` returns.
    static func with<Result>(upstreams: [Int], _ body: (ReverseProxy) async throws -> Result) async throws -> Result {
        let binary = ProcessInfo.processInfo.environment["VTRACK_NGINX"] ?? "/usr/sbin/nginx"
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw NginxMissing(path: binary) }
        let port = try ReservedPort()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vtrack-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("nginx.conf")
        try configuration(port: port.number, upstreams: upstreams, folder: folder.path).write(to: file, atomically: true, encoding: .utf8)
        return try await BinaryRunner.withLaunched(
            executable: URL(fileURLWithPath: binary), ["-p", folder.path, "-c", file.path, "-e", "stderr"], holding: [port]
        ) { nginx in
            let result = try await body(ReverseProxy(port: port.number, nginx: nginx))
            nginx.signal(SIGQUIT)
            _ = await nginx.waitForExit(timeout: .seconds(3))
            return result
        }
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
