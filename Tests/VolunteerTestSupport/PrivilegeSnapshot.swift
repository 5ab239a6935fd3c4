import Foundation
import PostgresNIO
import VolunteerStore

/// Every privilege the run-time roles (and PUBLIC) hold in a database, one
/// line each: what PrivilegeSnapshotTests compares with the allow-list, and
/// what a restored database must hold as its original did.
public enum PrivilegeSnapshot {
    /// Tables, columns, functions, types, the schema and the database, with
    /// the defaults PostgreSQL applies when nothing was granted; the roles'
    /// own attributes and memberships; row-level policies.
    public static let query = """
        SELECT format('%s %s %s %s', coalesce(r.rolname, 'PUBLIC'), x.kind, x.object, x.privilege)
        FROM (
            SELECT 'table' AS kind, c.oid::regclass::text AS object, a.grantee, a.privilege_type AS privilege
            FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) a
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            UNION ALL
            SELECT 'column', c.oid::regclass::text || '.' || att.attname, a.grantee, a.privilege_type
            FROM pg_class c JOIN pg_attribute att ON att.attrelid = c.oid AND att.attnum > 0 AND NOT att.attisdropped,
                 aclexplode(att.attacl) a
            WHERE c.relnamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'function', p.oid::regprocedure::text, a.grantee, a.privilege_type
            FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f'::"char", p.proowner))) a
            WHERE p.pronamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'type', t.oid::regtype::text, a.grantee, a.privilege_type
            FROM pg_type t, aclexplode(coalesce(t.typacl, acldefault('T'::"char", t.typowner))) a
            WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')
            UNION ALL
            SELECT 'schema', n.nspname, a.grantee, a.privilege_type
            FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n'::"char", n.nspowner))) a
            WHERE n.nspname = 'public'
            UNION ALL
            SELECT 'database', 'vtrack', a.grantee, a.privilege_type
            FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d'::"char", d.datdba))) a
            WHERE d.datname = current_database()
        ) x
        LEFT JOIN pg_roles r ON r.oid = x.grantee
        WHERE x.grantee = 0 OR r.rolname IN ('vtrack_coordinator', 'vtrack_api', 'vtrack_sealer')
        UNION ALL
        SELECT format('%s role login=%s superuser=%s createrole=%s createdb=%s bypassrls=%s replication=%s', r.rolname,
               r.rolcanlogin, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolreplication)
        FROM pg_roles r WHERE r.rolname IN ('vtrack_coordinator', 'vtrack_api', 'vtrack_sealer')
        UNION ALL
        SELECT format('%s member-of %s', m.rolname, g.rolname) FROM pg_auth_members am
        JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
        WHERE m.rolname IN ('vtrack_coordinator', 'vtrack_api', 'vtrack_sealer')
        UNION ALL
        SELECT format('%s policy %s on %s: %s', coalesce(nullif(array_to_string(pol.polroles::regrole[], ','), '-'), 'PUBLIC'), pol.polname, pol.polrelid::regclass, pol.polcmd)
        FROM pg_policy pol
        ORDER BY 1
        """

    /// The snapshot's lines in the database `settings` name.
    public static func take(_ settings: DatabaseSettings) async throws -> [String] {
        try await TestDatabase.withConnection(to: settings) { connection in
            var lines: [String] = []
            for try await line in try await connection.query(PostgresQuery(unsafeSQL: query), logger: TestEnvironment.logger)
                .decode(String.self)
            {
                lines.append(line)
            }
            return lines
        }
    }
}
