/// Plain aligned columns, for the terminal. Every cell is escaped with
/// `TerminalText` when rendered, so a table holds raw values only; colour
/// goes on through `decorate`.
struct TextTable {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    /// The first row is the header.
    init(rows: [[String]]) {
        self.headers = rows.first ?? []
        self.rows = Array(rows.dropFirst())
    }

    mutating func append(_ row: String...) {
        rows.append(row)
    }

    /// `decorate` may colour a padded body cell; widths are counted before.
    func render(decorate: (_ column: Int, _ cell: String) -> String = { $1 }) -> String {
        renderRows(decorate: { _, column, cell in decorate(column, cell) })
    }

    /// A FIELD/VALUE table with its `status` row's value coloured for `status`.
    func render(colouringStatusRowAs status: String) -> String {
        renderRows(decorate: { row, column, cell in row.first == "status" && column == 1 ? Style.status(cell, status) : cell })
    }

    /// `decorate` also sees the cell's row (escaped, unpadded).
    private func renderRows(decorate: (_ row: [String], _ column: Int, _ cell: String) -> String) -> String {
        let all = ([headers] + rows).map { $0.map { TerminalText.escape($0) } }
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.enumerated().map { index, row in
            row.enumerated().map { column, cell in
                let padded = column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                return index == 0 ? padded : decorate(row, column, padded)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// At most `width` characters, ending in `…` when cut: keeps a table
    /// within a terminal's width.
    static func fit(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
