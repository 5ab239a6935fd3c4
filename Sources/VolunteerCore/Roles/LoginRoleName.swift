/// The form of a database login that vtrack creates (a coordinator, a
/// server): it goes into DDL unquoted by any bind parameter, so only names
/// that need no escaping pass.
public enum LoginRoleName {
    public static let rule = "1 to 63 characters: lower-case letters, digits or '_', starting with a letter"

    /// The group roles the migrations create; never a login of their own.
    public static let groups = ["vtrack_api", "vtrack_sealer", "vtrack_coordinator"]

    /// Letters, digits and '_' only, and not PostgreSQL's own `pg_` prefix.
    public static func isWellFormed(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-z][a-z0-9_]{0,62}/) != nil && !name.hasPrefix("pg_")
    }
}
