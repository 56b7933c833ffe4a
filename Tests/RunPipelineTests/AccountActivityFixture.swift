import Foundation
import Logging
import SlipstreamKafka
import SlipstreamLearn
import SlipstreamTestKit

/// An embedded cluster with the topics of `account-activity`, a feeder that produces account events while the
/// pipeline runs, and the check of its exactly-once output, for the crash and fault tests.
///
/// The mock cluster writes no transaction markers: records of an aborted transaction that reached it stay
/// visible even to `read_committed` consumers. The check therefore reads the output the way a `read_committed`
/// consumer of a real broker would: only the offsets that the sink's committed transactions hold, as their
/// commit records in the transaction log list them (on a real broker the two views are the same).
final class AccountActivityFixture {
    static let input = "account-events"
    static let output = "account-activity"
    static let transactionLog = "account-activity-transactions"
    static let transactionalID = "account-activity.kafka-sinks"

    let kafka: EmbeddedKafka
    let snapshotDirectory: URL
    let accounts: Int
    private var generator: SeededGenerator

    /// One event as produced.
    struct Event {
        var id: Int64
        var account: String
        var amount: Int64
        var disputed: Bool

        var json: String {
            "{\"id\":\(id),\"account\":\"\(account)\",\"amount\":\(amount),\"time\":\(1_700_000_000_000 + id),\"disputed\":\(disputed)}"
        }
    }

    /// One result as the pipeline writes it.
    struct Result: Decodable {
        var id: Int64
        var account: String
        var events: Int64
        var balance: Int64
        var largest: Int64
        var disputes: Int64
        /// Examples the model had learnt before this event.
        var modelVersion: Int64

        enum CodingKeys: String, CodingKey {
            case id, account, events, balance, largest, disputes
            case modelVersion = "model_version"
        }

        /// The account's figures, as `id:account:events:balance:largest:disputes`.
        var figures: String { "\(id):\(account):\(events):\(balance):\(largest):\(disputes)" }
    }

    /// What the committed output holds, and how it compares with the events.
    struct Check {
        /// Results inside committed transactions.
        var committed: [Result] = []
        /// Records outside every committed transaction (aborted ones the mock keeps visible).
        var aborted = 0
        /// Committed transactions.
        var transactions = 0
        /// Problems found, in words (empty: exactly-once holds).
        var problems: [String] = []
    }

    private(set) var events: [Event] = []

    init(accounts: Int = 40, seed: UInt64) throws {
        var logger = Logger(label: "tests")
        logger.logLevel = .critical
        kafka = try EmbeddedKafka(
            brokers: 1,
            topics: [
                .init(Self.input, partitions: 4), .init(Self.output, partitions: 4), .init(Self.transactionLog, partitions: 1),
                .init("\(Self.input)-dead-letters", partitions: 1),
            ],
            retentionCheckInterval: nil, logger: logger)
        snapshotDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("eos-\(UUID().uuidString)")
        self.accounts = accounts
        generator = SeededGenerator(seed: seed)
    }

    deinit {
        try? FileManager.default.removeItem(at: snapshotDirectory)
        kafka.shutdown()
    }

    /// The arguments of an exactly-once `run-pipeline run account-activity` against this cluster.
    func runArguments() -> [String] {
        [
            "run", "account-activity", "--brokers", kafka.bootstrapServers, "--snapshot-dir", snapshotDirectory.path,
            "--snapshot-interval", "100ms", "--guarantee", "exactly-once", "--threads", "2", "--progress-interval", "off",
            "--stop-timeout", "100s",
        ]
    }

    /// Makes the next `count` events (ids continue), spread over the accounts with random amounts.
    func makeEvents(_ count: Int) -> [Event] {
        (0..<count).map { _ in
            let id = Int64(events.count)
            let event = Event(
                id: id, account: "acct-\(generator.next() % UInt64(accounts))",
                amount: Int64(generator.next() % 200_000) - 20_000, disputed: generator.next() % 17 == 0)
            events.append(event)
            return event
        }
    }

    /// Produces `batches` batches of `batchSize` new events, one every `pause`, keyed by account (so that each
    /// account's events stay in order on one partition), on a thread of its own; returns at once.
    func feed(batches: Int, batchSize: Int, pause: Duration) throws -> Feeder {
        var configuration = kafka.producerConfiguration()
        configuration.idempotent = true
        var quiet = Logger(label: "tests.feeder")
        quiet.logLevel = .critical
        let producer = try KafkaProducer(configuration: configuration, logger: quiet)
        let planned = (0..<batches).map { _ in makeEvents(batchSize) }
        return Feeder(producer: producer, batches: planned, pause: pause)
    }

    /// Sends planned batches from a thread; `wait()` returns once all are delivered.
    final class Feeder: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var failure: (any Error)?

        init(producer: KafkaProducer, batches: [[Event]], pause: Duration) {
            let seconds = Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18
            Thread { [self] in
                do {
                    let topic = try producer.topic(AccountActivityFixture.input)
                    for batch in batches {
                        for event in batch {
                            try producer.send(to: topic, key: event.account, value: event.json)
                        }
                        _ = producer.poll(timeout: .zero)
                        Thread.sleep(forTimeInterval: seconds)
                    }
                    try producer.flush(timeout: .seconds(60))
                    if producer.failedDeliveries > 0 {
                        throw KafkaCLI.Failure(description: "\(producer.failedDeliveries) events were not delivered")
                    }
                } catch {
                    lock.withLock { failure = error }
                }
                done.signal()
            }.start()
        }

        /// Waits until every event is delivered; rethrows a delivery failure.
        func wait() throws {
            done.wait()
            if let failure = lock.withLock({ failure }) { throw failure }
        }
    }

    /// Appends `json` to the transaction log, keyed by the sink's transactional id, as a commit record would be.
    func appendToTransactionLog(_ json: String) throws {
        var quiet = Logger(label: "tests.log-writer")
        quiet.logLevel = .critical
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration(), logger: quiet)
        try producer.send(to: Self.transactionLog, key: Self.transactionalID, value: json)
        try producer.flush(timeout: .seconds(30))
    }

    // MARK: - Reading the output

    /// Reads the transaction log and the output, keeps what committed transactions hold, and compares it with
    /// the events produced: one result per event, each equal to what a single uninterrupted pass computes.
    func check() throws -> Check {
        var result = Check()
        var committedRanges: [Int32: [(first: Int64, last: Int64)]] = [:]
        for record in try readAll(Self.transactionLog) {
            struct Range: Decodable { var topic: String; var partition: Int32; var first: Int64; var last: Int64 }
            struct Commit: Decodable { var transactionalID: String; var ranges: [Range] }
            guard let commit = try? JSONDecoder().decode(Commit.self, from: Data(record.value)) else {
                result.problems.append("an unreadable transaction log record at offset \(record.offset)")
                continue
            }
            guard commit.transactionalID == Self.transactionalID else { continue }
            result.transactions += 1
            for range in commit.ranges where range.topic == Self.output {
                let overlapping = committedRanges[range.partition, default: []].contains {
                    $0.first <= range.last && range.first <= $0.last
                }
                if overlapping { result.problems.append("two committed transactions hold offset range \(range)") }
                committedRanges[range.partition, default: []].append((range.first, range.last))
            }
        }
        for record in try readAll(Self.output) {
            let inCommitted = committedRanges[record.partition, default: []].contains {
                $0.first <= record.offset && record.offset <= $0.last
            }
            guard inCommitted else {
                result.aborted += 1
                continue
            }
            guard let decoded = try? JSONDecoder().decode(Result.self, from: Data(record.value)) else {
                result.problems.append("an unreadable result at \(record.partition)@\(record.offset)")
                continue
            }
            result.committed.append(decoded)
        }
        result.problems += compare(result.committed)
        return result
    }

    /// What differs between `results` and one result per event as an uninterrupted run computes it.
    private func compare(_ results: [Result]) -> [String] {
        var problems: [String] = []
        var expected: [String] = []
        var totals: [String: (events: Int64, balance: Int64, largest: Int64, disputes: Int64)] = [:]
        for event in events {
            var figures = totals[event.account] ?? (0, 0, 0, 0)
            figures.events += 1
            figures.balance += event.amount
            figures.largest = figures.events == 1 ? event.amount : max(figures.largest, event.amount)
            if event.disputed { figures.disputes += 1 }
            totals[event.account] = figures
            expected.append(
                "\(event.id):\(event.account):\(figures.events):\(figures.balance):\(figures.largest):\(figures.disputes)")
        }
        var seen = [Int](repeating: 0, count: events.count)
        for result in results {
            guard result.id >= 0, result.id < events.count else {
                problems.append("a result for unknown event \(result.id)")
                continue
            }
            seen[Int(result.id)] += 1
            if result.figures != expected[Int(result.id)] {
                problems.append("event \(result.id): got \(result.figures), an uninterrupted run gives \(expected[Int(result.id)])")
            }
        }
        let missing = seen.indices.filter { seen[$0] == 0 }
        let repeated = seen.indices.filter { seen[$0] > 1 }
        if !missing.isEmpty { problems.append("\(missing.count) events have no committed result, e.g. \(missing.prefix(5))") }
        if !repeated.isEmpty { problems.append("\(repeated.count) events have several committed results, e.g. \(repeated.prefix(5))") }
        // One learner learns every event once, in turn: the versions it scored them with are 0, 1, … once each.
        let versions = results.map(\.modelVersion).sorted()
        if versions != (0..<Int64(results.count)).map({ $0 }) {
            problems.append("the model versions of the results are not each of 0..<\(results.count) once: an event was learnt twice or not at all")
        }
        return Array(problems.prefix(20))
    }

    /// Whether every event produced so far has a committed result (cheap enough to poll).
    func allCommitted() throws -> Bool {
        let check = try check()
        return Set(check.committed.map(\.id)).count == events.count
    }

    /// The examples learnt by the `dispute-risk` model in the latest snapshot, from `snapshots export`.
    func examplesLearnedInLatestSnapshot() throws -> Int64? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("eos-\(UUID().uuidString).model")
        defer { try? FileManager.default.removeItem(at: file) }
        let exported = try KafkaCLI.run([
            "snapshots", "export", "latest", "--snapshot-dir", snapshotDirectory.path, "--output", file.path,
        ])
        guard exported.status == 0 else { throw KafkaCLI.Failure(description: "export failed: \(exported.stderr)") }
        return try ModelFile.read(from: file).metadata["examples"].flatMap { Int64($0) }
    }

    private struct RawRecord {
        var partition: Int32
        var offset: Int64
        var value: [UInt8]
    }

    /// Every record of `topic`, read with `read_committed`.
    private func readAll(_ topic: String) throws -> [RawRecord] {
        var configuration = kafka.consumerConfiguration()
        configuration.isolationLevel = .readCommitted
        configuration.enableAutoCommit = false
        configuration.reportEndOfPartition = true
        var quiet = Logger(label: "tests.reader")
        quiet.logLevel = .critical
        let consumer = try KafkaConsumer(configuration: configuration, logger: quiet)
        defer { try? consumer.close() }
        let partitions = try consumer.partitionCount(of: topic)
        var open: Set<Int32> = []
        var starts: [KafkaTopicPartitionOffset] = []
        for partition in 0..<Int32(partitions) {
            let marks = try consumer.watermarks(topic: topic, partition: partition)
            if marks.high > marks.low {
                open.insert(partition)
                starts.append(KafkaTopicPartitionOffset(topic: topic, partition: partition, offset: marks.low))
            }
        }
        guard !open.isEmpty else { return [] }
        try consumer.assign(starts)
        var records: [RawRecord] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while !open.isEmpty && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(50)) { batch in
                for record in batch {
                    records.append(RawRecord(partition: record.partition, offset: record.offset, value: record.value ?? []))
                }
                for end in batch.reachedEnd { open.remove(end.partition) }
            }
        }
        guard open.isEmpty else { throw KafkaCLI.Failure(description: "\(topic) could not be read to its end") }
        return records
    }
}
