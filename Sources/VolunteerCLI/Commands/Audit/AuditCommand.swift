import ArgumentParser

/// `vtrack audit …`: the commands are in this folder, one a file.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read, seal and verify the append-only audit log.",
        discussion: """
            Examples:
              vtrack audit log --since 2026-11-01
              vtrack audit reveals --since 7d
              vtrack audit verify
            """,
        subcommands: [Log.self, Reveals.self, Seal.self, Verify.self]
    )
}
