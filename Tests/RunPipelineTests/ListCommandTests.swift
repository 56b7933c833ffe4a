import Testing

@Suite("run-pipeline list")
struct ListCommandTests {
    @Test("lists every registered pipeline with its one-line summary")
    func listsPipelines() throws {
        let result = try KafkaCLI.run(["list"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdoutLines.first { $0.hasPrefix("page-view-counts ") }
        #expect(line?.contains("Counts page views") == true, "\(result.stdout)")
    }

    @Test("--names-only prints bare names that describe accepts")
    func namesOnly() throws {
        let names = try KafkaCLI.run(["list", "--names-only"])
        #expect(names.status == 0, "\(names.stderr)")
        #expect(names.stdoutLines.contains("page-view-counts"))
        for name in names.stdoutLines {
            let described = try KafkaCLI.run(["describe", name])
            #expect(described.status == 0, "describe \(name): \(described.stderr)")
        }
    }
}
