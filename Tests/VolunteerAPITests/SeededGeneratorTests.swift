import Testing
import VolunteerTestSupport

@Suite struct SeededGeneratorTests {
    /// SplitMix64's published stream for the seed 1234567.
    @Test func itIsSplitMix64() {
        var generator = SeededGenerator(seed: 1_234_567)
        let stream = (0..<5).map { _ in generator.next() }
        #expect(
            stream == [
                6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423, 4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ])
    }

    @Test func theRunsGeneratorsRepeatTheRunsStream() {
        var first = TestRandom.generator()
        var second = TestRandom.generator()
        #expect((0..<100).map { _ in first.next() } == (0..<100).map { _ in second.next() })
    }
}
