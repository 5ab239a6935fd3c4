import Foundation
import Testing
import VolunteerCore

@Suite struct RandomUUIDTests {
    @Test func isAVersion4UUIDWithTheStandardVariant() {
        for _ in 0..<1_000 {
            let text = UUID.random().uuidString
            #expect(Array(text)[14] == "4", "version")
            #expect("89AB".contains(Array(text)[19]), "variant")
        }
    }

    @Test func doesNotRepeat() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
    }
}
