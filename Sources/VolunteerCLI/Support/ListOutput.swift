/// One list on stdout in the format `OutputOptions` chose: the command's JSON
/// as it always was; CSV with a snake_case header and raw values (full ids,
/// ISO 8601 times), one record per row; or the table.
enum ListOutput {
    static func write(
        _ format: OutputFormat, json: () throws -> String, csvHeader: [String], csvRows: () -> [[String]], table: () throws -> String
    ) throws {
        switch format {
        case .json: Terminal.standardOutput.writeLine(try json())
        case .csv: Terminal.standardOutput.write(CSV.render([csvHeader] + csvRows()))
        case .table: Terminal.standardOutput.writeLine(try table())
        }
    }
}
