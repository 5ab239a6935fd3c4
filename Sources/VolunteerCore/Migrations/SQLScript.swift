/// Splits a PostgreSQL script into single statements.
///
/// PostgresNIO speaks the extended query protocol, which accepts one statement
/// per query, so a migration file has to be cut at its top-level semicolons.
/// Semicolons inside string literals, quoted identifiers, comments and
/// dollar-quoted bodies do not end a statement.
///
/// Not supported: SQL-standard function bodies (`BEGIN ATOMIC … END`); write
/// function bodies with dollar quotes instead.
public enum SQLScript {
    public struct Statement: Equatable, Sendable {
        /// The statement text from its first token (leading comments dropped)
        /// to its terminating semicolon, exclusive.
        public var text: String
        /// 1-based line of the script where the statement starts.
        public var line: Int
    }

    public static func statements(in script: String) throws(SQLScriptError) -> [Statement] {
        var scanner = Scanner(Array(script.utf8))
        return try scanner.scan()
    }
}

public enum SQLScriptError: Error, Equatable, Sendable, CustomStringConvertible {
    case unterminated(Construct, line: Int)

    public enum Construct: String, Sendable {
        case stringLiteral = "string literal"
        case quotedIdentifier = "quoted identifier"
        case blockComment = "block comment"
        case dollarQuote = "dollar-quoted string"
    }

    public var description: String {
        switch self {
        case .unterminated(let construct, let line):
            "unterminated \(construct.rawValue) starting on line \(line)"
        }
    }
}

extension SQLScript {
    /// Works on UTF-8 bytes: every character that matters to the syntax is ASCII,
    /// and no multi-byte sequence contains an ASCII byte.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func scan() throws(SQLScriptError) -> [Statement] {
            var statements: [Statement] = []
            var start = 0
            var contentLine = 1
            var hasContent = false

            func flush(upTo end: Int, into statements: inout [Statement]) {
                guard hasContent else { return }
                let text = String(decoding: bytes[start..<end], as: UTF8.self)
                statements.append(Statement(text: text.trimmingSQLWhitespace(), line: contentLine))
            }

            while index < bytes.count {
                let byte = bytes[index]
                let tokenLine = line
                let tokenStart = index
                switch byte {
                case UInt8(ascii: ";"):
                    flush(upTo: index, into: &statements)
                    index += 1
                    start = index
                    hasContent = false
                    continue
                case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
                    skipLineComment()
                    continue
                case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                    try skipBlockComment()
                    continue
                case UInt8(ascii: "'"):
                    let escapes = isEscapeStringPrefix(before: index)
                    try skipQuoted(by: UInt8(ascii: "'"), backslashEscapes: escapes, as: .stringLiteral)
                case UInt8(ascii: "\""):
                    try skipQuoted(by: UInt8(ascii: "\""), backslashEscapes: false, as: .quotedIdentifier)
                case UInt8(ascii: "$"):
                    if let tag = dollarTag(at: index) {
                        try skipDollarQuoted(tag: tag)
                    } else {
                        advance()
                    }
                default:
                    advance()
                }
                if !hasContent, !byte.isSQLWhitespace {
                    hasContent = true
                    contentLine = tokenLine
                    start = tokenStart
                }
            }
            flush(upTo: bytes.count, into: &statements)
            return statements
        }

        func peek(_ offset: Int) -> UInt8? {
            let position = index + offset
            return position < bytes.count ? bytes[position] : nil
        }

        mutating func advance() {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }

        mutating func skipLineComment() {
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        }

        /// PostgreSQL block comments nest.
        mutating func skipBlockComment() throws(SQLScriptError) {
            let startLine = line
            var depth = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                    depth += 1
                    index += 2
                } else if bytes[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                    depth -= 1
                    index += 2
                    if depth == 0 { return }
                } else {
                    advance()
                }
            }
            throw .unterminated(.blockComment, line: startLine)
        }

        /// A doubled quote inside the literal stands for one quote.
        mutating func skipQuoted(
            by quote: UInt8, backslashEscapes: Bool, as construct: SQLScriptError.Construct
        ) throws(SQLScriptError) {
            let startLine = line
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if backslashEscapes, byte == UInt8(ascii: "\\") {
                    index += 1
                    if index < bytes.count { advance() }
                } else if byte == quote {
                    if peek(1) == quote {
                        index += 2
                    } else {
                        index += 1
                        return
                    }
                } else {
                    advance()
                }
            }
            throw .unterminated(construct, line: startLine)
        }

        /// `E'…'` strings take C-style backslash escapes; `'…'` strings do not
        /// (standard_conforming_strings is on by default since PostgreSQL 9.1).
        func isEscapeStringPrefix(before quote: Int) -> Bool {
            guard quote >= 1, bytes[quote - 1] == UInt8(ascii: "E") || bytes[quote - 1] == UInt8(ascii: "e")
            else { return false }
            return quote == 1 || !bytes[quote - 2].isIdentifierByte
        }

        /// The opening `$tag$` at `position`, or nil for a positional parameter
        /// (`$1`) or a `$` inside an identifier.
        func dollarTag(at position: Int) -> [UInt8]? {
            if position > 0, bytes[position - 1].isIdentifierByte { return nil }
            var end = position + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "$") {
                let byte = bytes[end]
                let valid = end == position + 1 ? byte.isIdentifierStart : byte.isIdentifierByte
                if !valid { return nil }
                end += 1
            }
            guard end < bytes.count else { return nil }
            return Array(bytes[position...end])
        }

        mutating func skipDollarQuoted(tag: [UInt8]) throws(SQLScriptError) {
            let startLine = line
            index += tag.count
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "$"), bytes[index...].starts(with: tag) {
                    index += tag.count
                    return
                }
                advance()
            }
            throw .unterminated(.dollarQuote, line: startLine)
        }
    }
}

extension UInt8 {
    fileprivate var isSQLWhitespace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D || self == 0x0C
    }

    fileprivate var isIdentifierStart: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
            || self == UInt8(ascii: "_") || self >= 0x80
    }

    fileprivate var isIdentifierByte: Bool {
        isIdentifierStart || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || self == UInt8(ascii: "$")
    }
}

extension String {
    fileprivate func trimmingSQLWhitespace() -> String {
        let characters = self.drop { $0.isWhitespace }
        return String(characters.reversed().drop { $0.isWhitespace }.reversed())
    }
}
