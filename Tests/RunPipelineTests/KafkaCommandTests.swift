import Foundation
import Testing

@Suite("run-pipeline kafka")
struct KafkaCommandTests {
    @Test("prints the bootstrap servers first, serves kcat, and exits 0 on SIGTERM")
    func standAloneCluster() throws {
        let cluster = try KafkaCLI.Background(["kafka", "--brokers", "2", "--topic", "events:4", "--topic", "scores:2"])
        let brokers = try cluster.firstLine()
        #expect(brokers.split(separator: ",").count == 2)

        let listing = try kcat(["-L", "-b", brokers])
        #expect(listing.contains("topic \"events\" with 4 partitions"))
        #expect(listing.contains("topic \"scores\" with 2 partitions"))
        _ = try kcat(["-P", "-b", brokers, "-t", "events", "-K", ":"], input: "a:1\nb:2\n")
        let read = try kcat(["-C", "-b", brokers, "-t", "events", "-e", "-q", "-X", "fetch.wait.max.ms=5", "-f", "%k=%s\n"])
        #expect(Set(read.split(separator: "\n")) == ["a=1", "b=2"])

        let (status, stderr) = try cluster.stop(signal: SIGTERM)
        #expect(status == 0)
        #expect(stderr.contains("stopping"))
    }

    @Test("SIGINT stops it with exit status 0 too")
    func interrupt() throws {
        let cluster = try KafkaCLI.Background(["kafka", "--brokers", "1"])
        _ = try cluster.firstLine()
        #expect(try cluster.stop(signal: SIGINT).status == 0)
    }

    @Test("bad arguments fail with a one-line reason", arguments: [
        (["kafka", "--topic", "events"], "--topic wants NAME:PARTITIONS"),
        (["kafka", "--topic", "events:0"], "--topic wants NAME:PARTITIONS"),
        (["kafka", "--brokers", "0"], "--brokers must be between 1 and 64"),
        (["kafka", "--brokers", "1", "--topic", "t:2:3"], "wants 3 replicas but there are 1 brokers"),
        (["kafka", "--topic", "t:1", "--topic", "t:2"], "topic 't' is given twice"),
    ])
    func badArguments(arguments: [String], reason: String) throws {
        let result = try KafkaCLI.run(arguments, timeout: .seconds(90))
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").first?.contains(reason) == true, "\(result.stderr)")
    }

    @Test("--help describes every option")
    func help() throws {
        let result = try KafkaCLI.run(["kafka", "--help"], timeout: .seconds(90))
        #expect(result.status == 0)
        for option in ["--brokers", "--topic", "--retention-check-seconds", "--verbose"] {
            #expect(result.stdout.contains(option))
        }
    }
}

/// Runs kcat (required: scripts/install-deps.sh installs it) with a time limit.
func kcat(_ arguments: [String], input: String = "", timeout: Duration = .seconds(30)) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["kcat"] + arguments
    let stdin = Pipe()
    let out = Pipe()
    let err = Pipe()
    process.standardInput = stdin
    process.standardOutput = out
    process.standardError = err
    try process.run()
    try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let collected = PipeCollector(out, err)
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
    if process.isRunning {
        process.terminate()
        throw KafkaCLI.Failure(description: "kcat \(arguments.joined(separator: " ")) did not finish within \(timeout)")
    }
    process.waitUntilExit()
    let (stdout, stderr) = collected.finish()
    guard process.terminationStatus == 0 else {
        throw KafkaCLI.Failure(description: "kcat failed (\(process.terminationStatus)): \(stderr)")
    }
    return stdout
}
