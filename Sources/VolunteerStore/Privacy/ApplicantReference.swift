import Foundation
import PostgresNIO
import VolunteerCore

extension Database {
    /// The applicant a coordinator names: an applicant's whole uuid, or an
    /// application's id or unique start (as `applications show` takes it).
    public func applicant(named reference: ShortID) async throws -> UUID {
        if reference.digits.count == 32 {
            let whole = reference.range.lowest
            let rows = try await client.query("SELECT id FROM applicants WHERE id = \(whole)", logger: logger).collect()
            if !rows.isEmpty { return whole }
        }
        let application: UUID
        do {
            application = try await resolve(reference, in: .applications)
        } catch DomainError.notFound {
            throw DomainError.notFound(entity: "applicant or application", id: reference.description)
        }
        return try await ApplicationRepository(database: self).find(id: application).applicantID
    }
}
