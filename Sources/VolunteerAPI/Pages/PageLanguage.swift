/// The languages the applicants' pages speak, and which one a visitor
/// gets: the page's own switch (`?lang=`, a link, never a cookie), else the
/// browser's `Accept-Language`, else English.
enum PageLanguage: String, CaseIterable, Sendable {
    case en, ru, uk, cs

    /// Its name in itself, for the switch.
    var name: String {
        switch self {
        case .en: "English"
        case .ru: "Русский"
        case .uk: "Українська"
        case .cs: "Čeština"
        }
    }

    static func negotiate(explicit: String?, acceptLanguage: String?) -> PageLanguage {
        if let explicit, let chosen = PageLanguage(rawValue: explicit) { return chosen }
        return acceptLanguage.flatMap(preferred(in:)) ?? .en
    }

    /// The first language the browser prefers that the pages speak: `q`
    /// orders, ties keep the header's order, `uk-UA` counts as `uk`.
    static func preferred(in header: String) -> PageLanguage? {
        let ranked = header.split(separator: ",").enumerated().compactMap { index, item -> (PageLanguage, Double, Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { return nil }
            let primary = String(tag.prefix { $0 != "-" })
            guard let language = PageLanguage(rawValue: primary) else { return nil }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return weight > 0 ? (language, weight, index) : nil
        }
        return ranked.sorted { ($0.1, -$0.2) > ($1.1, -$1.2) }.first?.0
    }
}
