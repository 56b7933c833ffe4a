import Testing

@Suite("run-pipeline describe")
struct DescribeCommandTests {
    @Test("prints the DAG, then the pipeline's settings with their defaults; --dot prints the graph only")
    func describesGraphAndSettings() throws {
        let text = try KafkaCLI.run(["describe", "fraud-detection"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdoutLines
        let header = try #require(lines.firstIndex { $0.hasPrefix("settings (run --set NAME=VALUE") }, "\(text.stdout)")
        #expect(lines.firstIndex { $0.hasPrefix("edges:") }.map { $0 < header } == true, "settings come after the graph")
        let settings = lines[(header + 1)...].map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(settings.contains { $0.first == "label-window" }, "\(text.stdout)")
        #expect(settings.contains { $0.first == "labels-fetch-wait" && $0.dropFirst().first == "100ms" }, "\(text.stdout)")

        let dot = try KafkaCLI.run(["describe", "fraud-detection", "--dot"])
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(dot.stdout.hasPrefix("digraph"), "\(dot.stdout.prefix(200))")
        #expect(!dot.stdout.contains("settings ("))
    }
}
