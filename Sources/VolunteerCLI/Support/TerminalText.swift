/// Text that people typed (applicants, colleagues), made harmless for a
/// terminal: every scalar a terminal or a bidi algorithm acts on instead of
/// showing is written as a visible `\u{…}` escape. This stops a form field
/// from moving the cursor, rewriting the screen, setting the clipboard
/// (OSC 52), hiding a link (OSC 8) or reordering what is around it.
/// Everything else, any script and emoji, passes unchanged.
enum TerminalText {
    /// `paragraph` keeps line feeds, for fields printed as paragraphs of
    /// their own (notes); in a table cell or a one-line field a line feed
    /// would forge a row, so it is escaped too.
    static func escape(_ text: String, paragraph: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isInert($0, paragraph: paragraph) == false }) else { return text }
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isInert(scalar, paragraph: paragraph) {
                escaped.append(scalar)
            } else {
                escaped.append(contentsOf: visible(scalar).unicodeScalars)
            }
        }
        return String(escaped)
    }

    /// `\u{1B}`: Swift's own spelling, readable and unambiguous about the scalar.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// Control characters (C0, DEL, C1), format characters (general category
    /// Cf: bidi embeddings, overrides and isolates, marks, joiners, U+FEFF…)
    /// and the line and paragraph separators are acted on, not shown.
    static func isInert(_ scalar: Unicode.Scalar, paragraph: Bool = false) -> Bool {
        if paragraph, scalar == "\n" { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return false
        default: return true
        }
    }
}
