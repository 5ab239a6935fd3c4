/// Why a coordinator's key could not be used. The CLI exits 77 for these.
public enum KeyAccessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The private key's public half is not registered in this database.
    case notRegistered(fingerprint: String)
    /// The key is registered but no data key was wrapped for it yet.
    case notGranted(keyName: String, applicants: Int)
    /// Revoking this key would leave applicants nobody can open.
    case onlyKeyFor(name: String, applicants: Int)

    public var description: String {
        switch self {
        case .notRegistered(let fingerprint):
            "your key (fingerprint \(fingerprint)) is not registered in this database"
        case .notGranted(let name, let applicants):
            "key \(name) cannot open \(applicants) applicant(s) yet"
        case .onlyKeyFor(let name, let applicants):
            "\(applicants) applicant(s) can be opened only with key \(name)"
        }
    }
}
