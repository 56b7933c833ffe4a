import Foundation

/// kcat as the peer of the Kafka benchmarks: produce a file of `key<TAB>value` lines, consume a topic to its end.
/// Both run with the settings the shared peer harness uses (linger.ms=5, fetch.wait.max.ms=5, the given
/// partitioner) and are timed from process launch to exit, start-up included.
public struct KafkaKcatRunner {
    public let executable: String
    public let bootstrapServers: String

    public init(bootstrapServers: String) throws {
        guard let path = ProcessRunner.which("kcat") else {
            throw ProcessRunner.Failure(description: "kcat not found on PATH (Debian: apt-get install kcat; scripts/install-deps.sh)")
        }
        executable = path
        self.bootstrapServers = bootstrapServers
    }

    /// `kcat -P -K<TAB>` of `file` into `topic`; returns the wall time in seconds.
    public func produce(topic: String, file: String, partitioner: String = "random") throws -> Double {
        let outcome = try ProcessRunner.run(
            executable,
            ["-P", "-b", bootstrapServers, "-t", topic, "-K", "\t", "-X", "linger.ms=5", "-X", "partitioner=\(partitioner)"],
            inputFile: file)
        guard outcome.status == 0 else {
            throw ProcessRunner.Failure(description: "kcat -P exited with \(outcome.status): \(outcome.stderrText.suffix(2000))")
        }
        return outcome.seconds
    }

    /// `kcat -C -e` of `topic` from the beginning until the end of every partition (payloads to /dev/null);
    /// returns the wall time and the end offsets kcat reports per partition ("Reached end of topic … [p] at
    /// offset o"), which tell how much it read. `properties` are extra librdkafka settings (`-X name=value`).
    ///
    /// With librdkafka's default prefetch limits (`queued.min.messages` 100,000 messages,
    /// `queued.max.messages.kbytes` 64 MiB) kcat reads a large backlog in bursts: once its local queue passes a
    /// limit, librdkafka 2.0.2 stops fetching and looks again only on its broker thread's one-second timer, so
    /// the same read takes 0.4 s or 1, 2, 3 s. ``unthrottled`` lifts both limits: kcat's stall-free rate.
    public func consume(
        topic: String, properties: [String: String] = [:]
    ) throws -> (seconds: Double, endOffsets: [Int32: Int64]) {
        let extra = properties.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] }
        let outcome = try ProcessRunner.run(
            executable,
            ["-C", "-b", bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-X", "fetch.wait.max.ms=5"]
                + extra + ["-f", "%s\n"])
        guard outcome.status == 0 else {
            throw ProcessRunner.Failure(description: "kcat -C exited with \(outcome.status): \(outcome.stderrText.suffix(2000))")
        }
        var ends: [Int32: Int64] = [:]
        for line in outcome.stderrText.split(separator: "\n") where line.contains("Reached end of topic") {
            // "% Reached end of topic bench [3] at offset 15623" (the last one ends with ": exiting")
            guard let open = line.lastIndex(of: "["), let close = line.lastIndex(of: "]"),
                  let partition = Int32(line[line.index(after: open)..<close]),
                  let after = line.range(of: "at offset ")?.upperBound,
                  let offset = Int64(line[after...].prefix(while: \.isNumber))
            else { continue }
            ends[partition] = max(ends[partition] ?? 0, offset)
        }
        return (outcome.seconds, ends)
    }

    /// Prefetch limits high enough that kcat never pauses on a backlog of millions of ~200-byte messages.
    public static let unthrottled = ["queued.min.messages": "10000000", "queued.max.messages.kbytes": "2097151"]
}
