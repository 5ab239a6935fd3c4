import ArgumentParser

/// `--limit` and `--page` for a list that can grow long. The store pages in
/// SQL (LIMIT and OFFSET over an order that ends in a unique column), so page
/// 2 starts exactly where page 1 stopped.
struct PageOptions: ParsableArguments {
    @Option(help: "Rows per page (1 to 10000).") var limit = 100
    @Option(help: "Which page of --limit rows, from 1.") var page = 1

    func validate() throws {
        try Self.validate(limit: limit, page: page)
    }

    static func validate(limit: Int, page: Int) throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        guard page >= 1 else { throw ValidationError("--page starts at 1") }
        guard !(page - 1).multipliedReportingOverflow(by: limit).overflow else { throw ValidationError("--page is too large") }
    }

    var offset: Int { (page - 1) * limit }

    /// On stderr, as `applications list` does: a full page may not be the last.
    func hintIfFull(_ rows: Int) {
        Self.hintIfFull(rows, limit: limit, page: page)
    }

    static func hintIfFull(_ rows: Int, limit: Int, page: Int) {
        if rows == limit { Terminal.standardError.writeLine(Style.dim("More may follow: --page \(page + 1)")) }
    }
}
