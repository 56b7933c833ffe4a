import Foundation
import SlipstreamEngine
import SlipstreamKafka

/// Reads Kafka topics: each instance owns a fixed share of the partitions (assigned, not subscribed, so the share
/// follows the instance index), decodes every payload, tracks event time per partition, and sends what does not
/// decode to the dead-letter destination.
///
/// The instance is cooperative: a ``KafkaSourcePoller`` thread makes every blocking librdkafka call and hands
/// over whole batches of raw records; the instance decodes them on a worker thread, in parallel with the next
/// poll, a bounded slice per call.
///
/// Offsets: the position of each partition (next offset to read) advances as items leave the processor, so a
/// snapshot saves exactly what was emitted (``saveToSnapshot(into:outbox:)``) and a restore resumes there.
/// Batches polled but not yet decoded are in no position: after a restore they are read again.
///
/// The per-record path (``complete(outbox:)`` and what it calls) is inlinable, so that the source is specialized
/// for its item type where the pipeline is declared; setup, snapshots and closing are not.
@usableFromInline
struct KafkaSourceProcessor<Item>: Processor {
    @usableFromInline typealias Input = Never
    @usableFromInline typealias Output = Item

    /// A record read but not yet emitted: the item (`nil` for a dead letter or dropped late event), where it came
    /// from, and whether it goes to the late-event output.
    @usableFromInline
    struct PendingRecord {
        @usableFromInline var item: Item?
        @usableFromInline var partition: Int
        @usableFromInline var offset: Int64
        @usableFromInline var isLate: Bool

        @inlinable
        init(item: Item?, partition: Int, offset: Int64, isLate: Bool) {
            self.item = item
            self.partition = partition
            self.offset = offset
            self.isLate = isLate
        }
    }

    /// Records decoded per call at most, so that a call stays short (well under a millisecond).
    @usableFromInline static var decodeSlice: Int { 256 }

    @usableFromInline let topics: [String]
    @usableFromInline let options: KafkaSourceOptions
    @usableFromInline let connection: KafkaConnection
    @usableFromInline let decoding: PayloadDecoding<Item>
    @usableFromInline let eventTime: EventTimeSpec<Item>?
    @usableFromInline let divertLate: Bool
    @usableFromInline let pipeline: String

    @usableFromInline var decode: ((UnsafeRawBufferPointer) throws -> Item)?
    @usableFromInline var consumer: KafkaConsumer?
    @usableFromInline var poller: KafkaSourcePoller?
    @usableFromInline var deadLetters: DeadLetterWriter?
    @usableFromInline var context: ProcessorContext?
    @usableFromInline var started = false
    /// The owned partitions, their positions (next offset to emit) and, when bounded, their end offsets; known
    /// once the poller has assigned them.
    @usableFromInline var assigned = false
    @usableFromInline var partitions: [KafkaTopicPartition] = []
    @usableFromInline var positions: [Int64] = []
    @usableFromInline var endOffsets: [Int64]?
    /// Partition index by topic index, then by partition number.
    @usableFromInline var partitionIndex: [[Int]] = []
    /// Positions restored from a snapshot, by partition.
    @usableFromInline var restoredPositions: [KafkaTopicPartition: Int64] = [:]
    /// The batch being decoded and the index of its next record.
    @usableFromInline var batch: KafkaHeldRecordBatch?
    @usableFromInline var batchCursor = 0
    @usableFromInline var pending: [PendingRecord] = []
    @usableFromInline var pendingNext = 0
    @usableFromInline var tracker: EventTimeTracker?
    @usableFromInline var pendingWatermark: Watermark?
    @usableFromInline var lateCounter = Counter()
    @usableFromInline var clock = EngineClock.monotonic

    @inlinable
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

    @usableFromInline
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
        configuration.queuedMaxKilobytes = max(1, options.prefetchKilobytes)
        configuration.clientID = "\(pipeline).\(context.vertexName).\(context.instance)"
        configuration.properties = ["max.partition.fetch.bytes": String(max(1, options.maxPartitionFetchBytes))]
            .merging(connection.consumerProperties) { $1 }.merging(options.properties) { $1 }
        let consumer = try KafkaConsumer(configuration: configuration, logger: context.logger)
        self.consumer = consumer
        // Called on the instance's engine thread: the poller wakes that thread when it hands a batch over.
        poller = KafkaSourcePoller(
            consumer: consumer, logger: context.logger, wakeup: .current,
            gauges: KafkaSourceGauges(counters: context.counters))
        deadLetters = try DeadLetterWriter(
            destination: options.deadLetters ?? .kafka("\(topics[0])-dead-letters"), connection: connection,
            context: context, pipeline: pipeline)
        pending.reserveCapacity(Self.decodeSlice)
    }

    // MARK: - Reading

    @usableFromInline
    mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Item>) throws {}

    @inlinable
    mutating func complete(outbox: Outbox<Item>) throws -> Bool {
        guard let poller, let context else { return true }
        if !started {
            // After any restore: the poller seeks to the restored positions.
            started = true
            poller.start(
                KafkaSourcePoller.Plan(
                    topics: topics, options: options, instance: context.instance, parallelism: context.parallelism,
                    restoredPositions: restoredPositions, vertexName: context.vertexName))
        }
        if !assigned {
            guard let assignment = try poller.takeAssignment() else { return false }
            adopt(assignment)
        }
        guard emitPending(outbox), emitPendingWatermark(outbox) else { return false }
        if isAtEnd {
            return try deadLetters?.flushWithoutWaiting() ?? true
        }
        if !partitions.isEmpty { try decodeSlice() }
        if tracker != nil { pendingWatermark = tracker?.watermark(now: clock.nanoseconds()) ?? pendingWatermark }
        return emitPending(outbox) && emitPendingWatermark(outbox) && false
    }

    /// Takes over the partitions the poller assigned.
    @usableFromInline
    mutating func adopt(_ assignment: KafkaSourceAssignment) {
        assigned = true
        partitions = assignment.partitions
        partitionIndex = assignment.partitionIndex
        positions = assignment.positions
        endOffsets = assignment.endOffsets
        if let eventTime {
            // An instance without partitions tracks none, so it stays out of the watermark's way.
            tracker = eventTime.policy(divertLate: divertLate).makeTracker(
                partitionCount: partitions.count, now: clock.nanoseconds())
        }
    }

    /// Whether a bounded source has emitted everything up to its end offsets.
    @inlinable
    var isAtEnd: Bool {
        guard let endOffsets, pendingNext == pending.count else { return false }
        for index in positions.indices where positions[index] < endOffsets[index] { return false }
        return true
    }

    /// Decodes the next slice of the current batch (taking the next batch when it is done) into `pending`:
    /// decoded items, dead letters sent on their way.
    @inlinable
    mutating func decodeSlice() throws {
        if let current = batch, batchCursor == current.count {
            current.release()
            batch = nil
        }
        if batch == nil {
            guard let next = try poller?.takeBatch() else { return }
            batch = next
            batchCursor = 0
        }
        guard let batch else { return }
        pending.removeAll(keepingCapacity: true)
        pendingNext = 0
        let now = clock.nanoseconds()
        let singleTopic = topics.count == 1
        // The records through a plain view: no exclusivity check on the batch object per record.
        let records = batch.view
        let end = min(records.count, batchCursor + Self.decodeSlice)
        while batchCursor < end {
            records.prefetch(ahead: batchCursor)
            let record = records[batchCursor]
            batchCursor += 1
            let topicIndex = singleTopic ? 0 : (topics.firstIndex(of: record.topic) ?? -1)
            guard topicIndex >= 0, Int(record.partition) < partitionIndex[topicIndex].count else { continue }
            let partition = partitionIndex[topicIndex][Int(record.partition)]
            guard partition >= 0 else { continue }
            pending.append(try read(record, partition: partition, now: now))
        }
    }

    /// Decodes one record and assigns its event time.
    @inlinable
    mutating func read(_ record: KafkaRecord, partition: Int, now: Int64) throws -> PendingRecord {
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
        // Diverted to output 1, kept with the items on time, or dropped.
        return PendingRecord(
            item: divertLate || eventTime.keepsLate ? item : nil, partition: partition, offset: offset, isLate: divertLate)
    }

    @usableFromInline
    mutating func deadLetter(_ record: KafkaRecord, partition: Int, reason: String) throws {
        try deadLetters?.write(
            DeadLetter(
                origin: partitions[partition].topic, partition: record.partition, offset: record.offset, key: record.key,
                payload: record.value, reason: reason, timestamp: record.timestamp))
    }

    /// Offers the pending records, advancing each partition's position as its records leave.
    @inlinable
    mutating func emitPending(_ outbox: Outbox<Item>) -> Bool {
        while pendingNext < pending.count {
            // The item is moved out of the pending record and into the queue; a refused one is put back.
            if let item = pending[pendingNext].item.take() {
                let ordinal: Int? = pending[pendingNext].isLate ? 1 : divertLate ? 0 : nil
                if let refused = outbox.offerOrReturn(consume item, to: ordinal) {
                    pending[pendingNext].item = consume refused
                    return false
                }
            }
            positions[pending[pendingNext].partition] = pending[pendingNext].offset + 1
            pendingNext += 1
        }
        return true
    }

    @inlinable
    mutating func emitPendingWatermark(_ outbox: Outbox<Item>) -> Bool {
        guard let watermark = pendingWatermark else { return true }
        guard outbox.offer(watermark) else { return false }
        pendingWatermark = nil
        return true
    }

    // MARK: - Snapshots

    /// The key of the saved positions.
    @usableFromInline static var positionsKey: String { "kafka-positions" }

    @usableFromInline
    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Item>) throws -> Bool {
        var encoder = OffsetEncoding()
        if assigned {
            for (partition, position) in zip(partitions, positions) where position >= 0 {
                encoder.append(partition, position: position)
            }
        } else {
            // Nothing emitted yet (the poller is still assigning): resume where this instance was restored to.
            for (partition, position) in restoredPositions where position >= 0 {
                encoder.append(partition, position: position)
            }
        }
        return snapshot.offer(SnapshotEntry(key: Self.positionsKey, value: encoder.bytes))
    }

    @usableFromInline
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

    @usableFromInline
    mutating func close() throws {
        // The poller gives the consumer back before it is closed; batches must go back to librdkafka first.
        poller?.stop()
        poller = nil
        batch?.release()
        batch = nil
        try? deadLetters?.flush(timeout: .seconds(10))
        try consumer?.close()
        consumer = nil
    }
}
