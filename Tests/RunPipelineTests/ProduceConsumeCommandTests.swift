import Foundation
import Logging
import SlipstreamKafka
import Testing

@Suite("run-pipeline produce and consume")
struct ProduceConsumeCommandTests {
    private func cluster(_ topics: [EmbeddedKafka.TopicSpec]) throws -> EmbeddedKafka {
        var logger = Logger(label: "tests")
        logger.logLevel = .critical
        return try EmbeddedKafka(brokers: 1, topics: topics, retentionCheckInterval: nil, logger: logger)
    }

    /// 300 valid lines with a `user` key field, and three malformed lines at known line numbers.
    private func inputFile() throws -> (url: URL, valid: [String], badLines: [Int]) {
        var lines: [String] = []
        var valid: [String] = []
        var badLines: [Int] = []
        for index in 0..<300 {
            let line = "{\"id\":\(index),\"user\":\"u\(index % 7)\",\"note\":\"a \\\"quoted\\\" word\"}"
            lines.append(line)
            valid.append(line)
            if index == 10 { lines.append("{\"id\": broken"); badLines.append(lines.count) }
            if index == 100 { lines.append("just text"); badLines.append(lines.count) }
            if index == 200 { lines.append(""); lines.append("[1,2,3]"); badLines.append(lines.count) }
        }
        return (try KafkaCLI.temporaryFile(lines.joined(separator: "\n") + "\n"), valid, badLines)
    }

    @Test("produce skips malformed lines with their line numbers; consume prints exactly the valid ones")
    func roundTrip() throws {
        let kafka = try cluster([.init("events", partitions: 3)])
        let (file, valid, badLines) = try inputFile()
        let produced = try KafkaCLI.run([
            "produce", "--brokers", kafka.bootstrapServers, "--topic", "events", "--file", file.path, "--key-field", "user",
        ])
        #expect(produced.status == 0, "\(produced.stderr)")
        for line in badLines { #expect(produced.stderr.contains("\(file.path):\(line): not a JSON object")) }
        #expect(produced.stderr.contains("produced 300 messages to events"))
        #expect(produced.stderr.contains("3 invalid lines skipped"))

        let consumed = try KafkaCLI.run([
            "consume", "--brokers", kafka.bootstrapServers, "--topic", "events", "--from-beginning", "--exit-at-end",
        ])
        #expect(consumed.status == 0, "\(consumed.stderr)")
        #expect(consumed.stdoutLines.sorted() == valid.sorted())
        #expect(consumed.stderr.contains("consumed 300 messages from events"))

        // Keys came from the "user" field: check them with the library's consumer.
        var configuration = kafka.consumerConfiguration()
        configuration.reportEndOfPartition = true
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.assign((0..<3).map { KafkaTopicPartitionOffset(topic: "events", partition: $0, offset: KafkaOffset.beginning) })
        var keys: [String: String] = [:]
        var ended = Set<Int32>()
        let deadline = ContinuousClock.now.advanced(by: .seconds(90))
        while ended.count < 3 && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(50)) { batch in
                for record in batch { keys[record.valueString ?? ""] = record.keyString }
                ended.formUnion(batch.reachedEnd.map(\.partition))
            }
        }
        #expect(keys.count == 300)
        #expect(keys.allSatisfy { value, key in value.contains("\"user\":\"\(key)\"") })
    }

    @Test("--strict refuses a file with a malformed line and sends nothing")
    func strictProduce() throws {
        let kafka = try cluster([.init("events", partitions: 1)])
        let (file, _, badLines) = try inputFile()
        let result = try KafkaCLI.run([
            "produce", "--brokers", kafka.bootstrapServers, "--topic", "events", "--file", file.path, "--strict",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(file.path):\(badLines[0]): not a JSON object"))
        #expect(result.stderr.contains("nothing was sent"))
        let consumer = try KafkaConsumer(configuration: kafka.consumerConfiguration())
        #expect(try consumer.watermarks(topic: "events", partition: 0).high == 0)
    }

    @Test("a missing topic, an unreachable cluster and a missing file fail with a clear reason, promptly")
    func failures() throws {
        let kafka = try cluster([.init("events", partitions: 1)])
        let file = try KafkaCLI.temporaryFile("{\"a\":1}\n")
        let missing = try KafkaCLI.run(["produce", "--brokers", kafka.bootstrapServers, "--topic", "nope", "--file", file.path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("topic 'nope' does not exist"))
        let missingConsume = try KafkaCLI.run(["consume", "--brokers", kafka.bootstrapServers, "--topic", "nope"])
        #expect(missingConsume.status != 0)
        #expect(missingConsume.stderr.contains("topic 'nope' does not exist"))

        let unreachable = try KafkaCLI.run(
            ["produce", "--brokers", "127.0.0.1:1", "--topic", "events", "--file", file.path, "--connect-timeout", "2"],
            timeout: .seconds(30))
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.contains("cannot reach Kafka at 127.0.0.1:1"))

        let noFile = try KafkaCLI.run(["produce", "--brokers", kafka.bootstrapServers, "--topic", "events", "--file", "/nonexistent/x.jsonl"])
        #expect(noFile.status != 0)
        #expect(noFile.stderr.contains("input file '/nonexistent/x.jsonl' does not exist"))

        let badProperty = try KafkaCLI.run([
            "consume", "--brokers", kafka.bootstrapServers, "--topic", "events", "--property", "no.such=1",
        ])
        #expect(badProperty.status != 0)
        #expect(badProperty.stderr.contains("no.such"))
    }

    @Test("bad arguments fail with a one-line reason", arguments: [
        (["produce", "--topic", "t", "--file", "f"], "Missing expected argument '--brokers"),
        (["produce", "--brokers", "localhost", "--topic", "t", "--file", "f"], "--brokers wants host:port"),
        (["consume", "--brokers", "h:1", "--topic", "t", "--max", "0"], "--max must be at least 1"),
        (["consume", "--brokers", "h:1", "--topic", "t", "--property", "novalue"], "--property wants NAME=VALUE"),
        (["demo", "--count", "0"], "--count must be between"),
    ])
    func badArguments(arguments: [String], reason: String) throws {
        let result = try KafkaCLI.run(arguments, timeout: .seconds(90))
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").first?.contains(reason) == true, "\(result.stderr)")
    }

    @Test("consume --max stops after N; with --group a second run continues where the first stopped")
    func maxAndGroup() throws {
        let kafka = try cluster([.init("events", partitions: 2)])
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration())
        for index in 0..<10 { try producer.send(to: "events", value: "{\"n\":\(index)}") }
        try producer.flush(timeout: .seconds(10))

        let base = ["consume", "--brokers", kafka.bootstrapServers, "--topic", "events", "--from-beginning"]
        // The mock completes the rebalance after a member leaves only after session.timeout.ms - 1 s: keep it short (but above the 3 s the first join waits).
        let group = ["--group", "readers", "--property", "session.timeout.ms=6000", "--property", "heartbeat.interval.ms=500"]
        let first = try KafkaCLI.run(base + ["--max", "4"] + group)
        let second = try KafkaCLI.run(base + ["--max", "6"] + group)
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdoutLines.count == 4)
        #expect(second.stdoutLines.count == 6)
        #expect(Set(first.stdoutLines + second.stdoutLines) == Set((0..<10).map { "{\"n\":\($0)}" }))

        let envelope = try KafkaCLI.run(base + ["--max", "1", "--envelope"])
        let object = try JSONSerialization.jsonObject(with: Data(envelope.stdout.utf8)) as? [String: Any]
        #expect(object?["topic"] as? String == "events")
        #expect(object?["offset"] as? Int == 0)
        #expect((object?["value"] as? [String: Any])?["n"] != nil)
    }

    @Test("consume runs until SIGINT, then prints its summary and exits 0")
    func consumeUntilInterrupted() throws {
        let kafka = try cluster([.init("events", partitions: 1)])
        let consumer = try KafkaCLI.Background(["consume", "--brokers", kafka.bootstrapServers, "--topic", "events"])
        Thread.sleep(forTimeInterval: 1)
        let (status, stderr) = try consumer.stop(signal: SIGINT)
        #expect(status == 0)
        #expect(stderr.contains("consumed 0 messages from events"))
    }

    @Test("messages that are not JSON are reported and skipped, or stop the run with --strict")
    func nonJSONMessages() throws {
        let kafka = try cluster([.init("events", partitions: 1)])
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration())
        for value in ["{\"ok\":1}", "binary\u{1}junk", "{\"ok\":2}"] { try producer.send(to: "events", value: value) }
        try producer.flush(timeout: .seconds(10))
        let base = ["consume", "--brokers", kafka.bootstrapServers, "--topic", "events", "--from-beginning", "--exit-at-end"]
        let lenient = try KafkaCLI.run(base)
        #expect(lenient.status == 0)
        #expect(lenient.stdoutLines == ["{\"ok\":1}", "{\"ok\":2}"])
        #expect(lenient.stderr.contains("events[0]@1: not JSON"))
        #expect(lenient.stderr.contains("1 non-JSON messages skipped"))
        let strict = try KafkaCLI.run(base + ["--strict"])
        #expect(strict.status != 0)
        #expect(strict.stdoutLines == ["{\"ok\":1}"])
        #expect(strict.stderr.contains("events[0]@1: not JSON"))
    }
}
