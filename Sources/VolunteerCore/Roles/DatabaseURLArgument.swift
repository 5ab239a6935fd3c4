import Foundation

/// `--database-url` as a command-line argument, which every user of the
/// machine can read (`ps`, /proc/PID/cmdline): it may name the server, the
/// user and the database, never the password. The password comes from the
/// environment: DATABASE_URL as a whole, or PGPASSWORD beside the option.
public enum DatabaseURLArgument {
    /// Why `url` may not be an argument; nil if it may.
    public static func passwordProblem(in url: String) -> String? {
        guard let password = URLComponents(string: url)?.password, !password.isEmpty else { return nil }
        return "it holds a password, which every user of this machine can read in the process list; "
            + "put the whole URL in DATABASE_URL instead, or leave the password out of --database-url and set PGPASSWORD"
    }

    /// The password for a URL given as an argument: PGPASSWORD's.
    public static func password(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
