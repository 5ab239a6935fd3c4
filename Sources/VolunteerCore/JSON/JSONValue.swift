/// Any JSON value, so that input can be checked field by field (unknown
/// fields, wrong types) before anything is decoded into the domain, and so
/// that stored JSON passes through unchanged. Read by `JSONParser`.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// What a field should have been, for messages.
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
