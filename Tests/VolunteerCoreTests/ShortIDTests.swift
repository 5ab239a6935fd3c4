import Foundation
import Testing
import VolunteerCore

@Suite struct ShortIDTests {
    @Test func typingMistakesAreForgiven() throws {
        #expect(try ShortID(" 3F2A-91C0 ").digits == "3f2a91c0")
        #expect(try ShortID("3f2o").digits == "3f20", "o for 0")
        #expect(try ShortID("l1i1").digits == "1111", "l and i for 1")
    }

    @Test(arguments: ["", "abc", "3f2a!", "anna", String(repeating: "a", count: 33)])
    func whatIsNoIdIsRefused(text: String) {
        #expect(throws: DomainError.self) { try ShortID(text) }
    }

    @Test func theRangeCoversEveryUUIDWithThatStart() throws {
        let id = UUID(uuidString: "3f2a91c0-1234-4abc-8def-0123456789ab")!
        let (lowest, highest) = try ShortID("3f2a91").range
        #expect(lowest.uuidString.lowercased() == "3f2a9100-0000-0000-0000-000000000000")
        #expect(highest.uuidString.lowercased() == "3f2a91ff-ffff-ffff-ffff-ffffffffffff")
        #expect(ShortID.display(id) == "3f2a91c0")
        #expect(ShortID.display(id, length: 12) == "3f2a91c01234")
    }
}
