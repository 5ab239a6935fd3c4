import VolunteerStore

enum ChainVerificationView {
    struct Report: Encodable {
        let intact: Bool
        let verified: Int
        let unsealed: Int
        let headSequence: Int64?
        let headHash: String?
        let firstBadSequence: Int64?
        let problem: String?

        enum CodingKeys: String, CodingKey {
            case intact, verified, unsealed, headSequence, headHash, firstBadSequence, problem
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(intact, forKey: .intact)
            try container.encode(verified, forKey: .verified)
            try container.encode(unsealed, forKey: .unsealed)
            try container.encode(headSequence, forKey: .headSequence)
            try container.encode(headHash, forKey: .headHash)
            try container.encode(firstBadSequence, forKey: .firstBadSequence)
            try container.encode(problem, forKey: .problem)
        }
    }

    static func render(_ result: ChainVerification, json: Bool) throws -> String {
        if json {
            return try JSONOutput.render(
                Report(
                    intact: result.isIntact, verified: result.verified, unsealed: result.unsealed,
                    headSequence: result.head?.sequence, headHash: result.head?.hash.hexString,
                    firstBadSequence: result.problem?.sequence, problem: result.problem?.reason
                ))
        }
        var lines: [String] = []
        if result.isIntact {
            lines.append("audit chain intact: \(result.verified) events verified, \(result.unsealed) not sealed yet")
        } else {
            lines.append("audit chain BROKEN after \(result.verified) good events")
        }
        if let head = result.head {
            lines.append("head: event \(head.sequence), hash \(head.hash.hexString)")
        }
        return lines.joined(separator: "\n")
    }
}
