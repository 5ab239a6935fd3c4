extension String {
    /// Without white space and line breaks at either end: the same characters
    /// as Foundation's `.whitespacesAndNewlines`, without the trip through
    /// NSString that made trimming 4% of an application's cost.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        // The bytes copied at once, not the scalars appended one by one.
        return String(Substring(scalars[first...last]))
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property, with a fast path for ASCII.
    public var isWhitespace: Bool {
        isASCII ? (self == " " || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}
