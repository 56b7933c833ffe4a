import Testing

@Suite("run-pipeline demo")
struct DemoCommandTests {
    @Test("the embedded-Kafka round trip verifies every event")
    func roundTrip() throws {
        let result = try KafkaCLI.run(["demo", "--count", "20000", "--seed", "7"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("produced  20,000 events"))
        #expect(result.stdout.contains("consumed  20,000 events"))
        #expect(result.stdout.contains("verified  every event arrived exactly once"))
    }
}
