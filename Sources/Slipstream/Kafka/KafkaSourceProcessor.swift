import Foundation
import SlipstreamEngine
import SlipstreamKafka

/// Reads Kafka topics on a thread of its own: each instance owns a fixed share of the partitions (assigned,
/// not subscribed, so the share follows the instance index), polls them in batches, decodes every payload,
/// tracks event time per partition, and sends what does not decode to the dead-letter destination.
///
/// Offsets: the position of each partition (next offset to read) advances as items leave the processor, so a
/// snapshot saves exactly what was emitted (``saveToSnapshot(into:outbox:)``) and a restore resumes there.
struct KafkaSourceProcessor<Item>: Processor {
    typealias Input = Never
    typealias Output = Item

    /// A record read but not yet emitted: the item (`nil` for a dead letter or dropped late event), where it came
    /// from, and whether it goes to the late-event output.
    private struct PendingRecord {
        var item: Item?
        var partition: Int
        var offset: Int64
        var isLate: Bool
    }

    private let topics: [String]
    private let options: KafkaSourceOptions
    private let connection: KafkaConnection
    private let decoding: PayloadDecoding<Item>
    private let eventTime: EventTimeSpec<Item>?
    private let divertLate: Bool
    private let pipeline: String

    private var decode: ((UnsafeRawBufferPointer) throws -> Item)?
    private var consumer: KafkaConsumer?
    private var deadLetters: DeadLetterWriter?
    private var context: ProcessorContext?
    private var started = false
    /// The owned partitions, their positions (next offset to emit) and, when bounded, their end offsets.
    private var partitions: [KafkaTopicPartition] = []
    private var positions: [Int64] = []
    private var endOffsets: [Int64]?
    /// Partition index by topic index, then by partition number.
    private var partitionIndex: [[Int]] = []
    /// Positions restored from a snapshot, by partition.
    private var restoredPositions: [KafkaTopicPartition: Int64] = [:]
    private var pending: [PendingRecord] = []
    private var pendingNext = 0
    private var tracker: EventTimeTracker?
    private var pendingWatermark: Watermark?
    private var lateCounter = Counter()
    private var clock = EngineClock.monotonic

    var isCooperative: Bool { false }

    init(
        topics: [String], options: KafkaSourceOptions, connection: KafkaConnection, decoding: PayloadDecoding<Item>,
        eventTime: EventTimeSpec<Item>?, divertLate: Bool, pipeline: String
    ) {
        self.topics = topics
        self.options = options
        self.connection = connection
        self.decoding = decoding
        self.eventTime = eventTime
        self.divertLate = divertLate
        self.pipeline = pipeline
    }

    mutating func initialize(context: ProcessorContext) throws {
        self.context = context
        clock = context.clock
        lateCounter = context.counters.counter(Counter.Name.lateEvents)
        decode = decoding.makeDecoder()
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: connection.bootstrapServers, groupID: options.groupID ?? pipeline)
        configuration.enableAutoCommit = false
        configuration.autoOffsetReset = .earliest
        configuration.fetchWaitMax = options.fetchWaitMax
        configuration.maxBatchSize = max(1, options.pollBatchSize)
        configuration.queuedMinMessages = max(1, options.prefetchRecords)
        configuration.clientID = "\(pipeline).\(context.vertexName).\(context.instance)"
        configuration.properties = ["max.partition.fetch.bytes": String(max(1, options.maxPartitionFetchBytes))]
            .merging(connection.consumerProperties) { $1 }.merging(options.properties) { $1 }
        consumer = try KafkaConsumer(configuration: configuration, logger: context.logger)
        deadLetters = try DeadLetterWriter(
            destination: options.deadLetters ?? .kafka("\(topics[0])-dead-letters"), connection: connection,
            context: context, pipeline: pipeline)
        pending.reserveCapacity(options.pollBatchSize)
    }

    // MARK: - Reading

    mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Item>) throws {}

    mutating func complete(outbox: Outbox<Item>) throws -> Bool {
        guard let consumer else { return true }
        if !started { try start(consumer) }
        guard emitPending(outbox), emitPendingWatermark(outbox) else { return false }
        if isAtEnd {
            try deadLetters?.flush()
            return true
        }
        if partitions.isEmpty {
            // Nothing to read here (more instances than partitions): stay out of the watermark's way.
            pendingWatermark = tracker?.watermark(now: clock.nanoseconds())
            Thread.sleep(forTimeInterval: 0.05)
            return emitPendingWatermark(outbox) && false
        }
        try poll(consumer)
        if tracker != nil { pendingWatermark = tracker?.watermark(now: clock.nanoseconds()) ?? pendingWatermark }
        return emitPending(outbox) && emitPendingWatermark(outbox) && false
    }

    /// Whether a bounded source has emitted everything up to its end offsets.
    private var isAtEnd: Bool {
        guard let endOffsets, pendingNext == pending.count else { return false }
        for index in positions.indices where positions[index] < endOffsets[index] { return false }
        return true
    }

    /// Takes one batch of records into `pending`: decoded items, dead letters sent on their way.
    private mutating func poll(_ consumer: KafkaConsumer) throws {
        pending.removeAll(keepingCapacity: true)
        pendingNext = 0
        let now = clock.nanoseconds()
        let singleTopic = topics.count == 1
        try consumer.poll(maxRecords: options.pollBatchSize, timeout: options.pollTimeout) { batch in
            for error in batch.errors {
                context?.logger.warning("Kafka consumer: \(error)")
            }
            for record in batch {
                let topicIndex = singleTopic ? 0 : (topics.firstIndex(of: record.topic) ?? -1)
                guard topicIndex >= 0, Int(record.partition) < partitionIndex[topicIndex].count else { continue }
                let partition = partitionIndex[topicIndex][Int(record.partition)]
                guard partition >= 0 else { continue }
                pending.append(try read(record, partition: partition, now: now))
            }
        }
    }

    /// Decodes one record and assigns its event time.
    private mutating func read(_ record: KafkaRecord, partition: Int, now: Int64) throws -> PendingRecord {
        let offset = record.offset
        // librdkafka may hand a null value (a tombstone) over as an empty one: both are "no payload".
        guard let payload = record.valueBytes, !payload.isEmpty else {
            try deadLetter(record, partition: partition, reason: "no payload (null or empty value)")
            return PendingRecord(item: nil, partition: partition, offset: offset, isLate: false)
        }
        let item: Item
        do {
            item = try decode!(payload)
        } catch {
            try deadLetter(record, partition: partition, reason: String(describing: error))
            return PendingRecord(item: nil, partition: partition, offset: offset, isLate: false)
        }
        guard let eventTime, tracker != nil else {
            return PendingRecord(item: item, partition: partition, offset: offset, isLate: false)
        }
        let timestamp = eventTime.timestamp.map { $0(item) } ?? record.timestamp ?? Int64(Date().timeIntervalSince1970 * 1000)
        if tracker!.observe(timestamp: timestamp, partition: partition, now: now) {
            return PendingRecord(item: item, partition: partition, offset: offset, isLate: false)
        }
        lateCounter.add(1)
        return PendingRecord(item: divertLate ? item : nil, partition: partition, offset: offset, isLate: true)
    }

    private mutating func deadLetter(_ record: KafkaRecord, partition: Int, reason: String) throws {
        try deadLetters?.write(
            DeadLetter(
                origin: partitions[partition].topic, partition: record.partition, offset: record.offset, key: record.key,
                payload: record.value, reason: reason, timestamp: record.timestamp))
    }

    /// Offers the pending records, advancing each partition's position as its records leave.
    private mutating func emitPending(_ outbox: Outbox<Item>) -> Bool {
        while pendingNext < pending.count {
            let record = pending[pendingNext]
            if let item = record.item {
                let accepted = record.isLate ? outbox.offer(item, to: 1) : divertLate ? outbox.offer(item, to: 0) : outbox.offer(item)
                guard accepted else { return false }
            }
            positions[record.partition] = record.offset + 1
            pendingNext += 1
        }
        return true
    }

    private mutating func emitPendingWatermark(_ outbox: Outbox<Item>) -> Bool {
        guard let watermark = pendingWatermark else { return true }
        guard outbox.offer(watermark) else { return false }
        pendingWatermark = nil
        return true
    }

    // MARK: - Partitions

    /// Assigns this instance's share of the partitions, from restored positions or the start position.
    private mutating func start(_ consumer: KafkaConsumer) throws {
        started = true
        guard let context else { return }
        var all: [KafkaTopicPartition] = []
        partitionIndex = []
        for topic in topics {
            let count: Int
            do {
                count = try consumer.partitionCount(of: topic)
            } catch {
                throw PipelineError("cannot read topic '\(topic)': \(error)", stage: context.vertexName)
            }
            partitionIndex.append(Array(repeating: -1, count: count))
            all += (0..<count).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
        }
        partitions = all.enumerated().filter { $0.offset % context.parallelism == context.instance }.map(\.element)
        for (index, partition) in partitions.enumerated() {
            let topicIndex = topics.firstIndex(of: partition.topic)!
            partitionIndex[topicIndex][Int(partition.partition)] = index
        }
        let now = clock.nanoseconds()
        if let eventTime {
            tracker = eventTime.policy(divertLate: divertLate).makeTracker(partitionCount: partitions.count, now: now)
        }
        var starts: [Int64] = []
        var ends: [Int64] = []
        for partition in partitions {
            if let restored = restoredPositions[partition] {
                starts.append(restored)
            } else {
                switch options.start {
                case .earliest: starts.append(KafkaOffset.beginning)
                case .latest: starts.append(KafkaOffset.end)
                case .committed: starts.append(KafkaOffset.stored)
                }
            }
            if options.stopAtEnd {
                ends.append(try consumer.watermarks(topic: partition.topic, partition: partition.partition).high)
            }
        }
        if options.stopAtEnd {
            endOffsets = ends
            // Positions start at the first offset that will be read, so that an empty share ends at once.
            positions = try zip(partitions, starts).map { partition, start in
                if start >= 0 { return start }
                let marks = try consumer.watermarks(topic: partition.topic, partition: partition.partition)
                switch start {
                case KafkaOffset.end: return marks.high
                case KafkaOffset.stored:
                    let committed = try consumer.committed([partition]).first?.offset ?? KafkaOffset.invalid
                    return committed >= 0 ? committed : marks.low
                default: return marks.low
                }
            }
        } else {
            positions = starts
        }
        let assignment = zip(partitions, positions.indices).map { partition, index in
            KafkaTopicPartitionOffset(partition, offset: positions[index] >= 0 ? positions[index] : starts[index])
        }
        try consumer.assign(assignment)
        context.logger.debug("assigned \(partitions.count) partitions: \(partitions)")
    }

    // MARK: - Snapshots

    /// The key of the saved positions.
    static var positionsKey: String { "kafka-positions" }

    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Item>) throws -> Bool {
        var encoder = OffsetEncoding()
        for (partition, position) in zip(partitions, positions) where position >= 0 {
            encoder.append(partition, position: position)
        }
        return snapshot.offer(SnapshotEntry(key: Self.positionsKey, value: encoder.bytes))
    }

    mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        while let entry = inbox.poll() {
            guard entry.key == Array(Self.positionsKey.utf8) else {
                throw EngineError(.snapshotRestoreFailed, "unexpected snapshot entry for a Kafka source")
            }
            for (partition, position) in try OffsetEncoding.decode(entry.value) {
                restoredPositions[partition] = max(position, restoredPositions[partition] ?? position)
            }
        }
    }

    mutating func close() throws {
        try? deadLetters?.flush(timeout: .seconds(10))
        try consumer?.close()
        consumer = nil
    }
}
