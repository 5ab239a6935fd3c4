/// RFC 4180 CSV with CRLF line ends, every field quoted, so that no
/// spreadsheet's guess about separators (a semicolon locale, say) can split a
/// cell and find a formula in what follows.
///
/// A cell that a spreadsheet would run as a formula, starting with `=`, `+`,
/// `-` or `@`, also after leading spaces, gets a leading `'`. Control, bidi
/// and other invisible characters are escaped as on the terminal
/// (`TerminalText`), line breaks included, so every record is one line.
enum CSV {
    static func render(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    static func field(_ value: String) -> String {
        var text = TerminalText.escape(value)
        if let first = text.unicodeScalars.first(where: { $0 != " " }), ["=", "+", "-", "@"].contains(first) {
            text = "'" + text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
