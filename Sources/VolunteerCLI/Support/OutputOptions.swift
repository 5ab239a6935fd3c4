import ArgumentParser

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `--json` and `--format table|json|csv` for read commands: data on
/// stdout, diagnostics on stderr.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (the same as --format json).") var json = false
    @Option(help: "table (default), json or csv.") var format: OutputFormat?

    func validate() throws {
        if json, let format, format != .json { throw ValidationError("--json and --format \(format.rawValue) disagree; give one") }
    }

    var resolved: OutputFormat { json ? .json : format ?? .table }
}
