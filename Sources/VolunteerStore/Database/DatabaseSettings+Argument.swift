import Foundation

extension DatabaseSettings {
    /// A URL given as the command-line argument `name`, which every user of
    /// the machine can read (`ps`, /proc/PID/cmdline): it may name the
    /// server, the user and the database, never the password, which comes
    /// from PGPASSWORD beside it (or give the whole URL in DATABASE_URL instead).
    public static func fromArgument(
        _ url: String, named name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(DatabaseSettingsError) -> DatabaseSettings {
        if let password = URLComponents(string: url)?.password, !password.isEmpty {
            throw .invalid(
                name,
                "it holds a password, which every user of this machine can read in the process list; "
                    + "put the whole URL in DATABASE_URL instead, or leave the password out of \(name) and set PGPASSWORD"
            )
        }
        return try DatabaseSettings(url: url, environment: environment)
    }
}
