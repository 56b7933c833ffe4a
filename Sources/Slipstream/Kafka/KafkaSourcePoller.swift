import Foundation
import Logging
import SlipstreamEngine
import SlipstreamKafka

/// The partitions one Kafka source instance reads, as its poller assigned them.
@usableFromInline
struct KafkaSourceAssignment {
    /// The instance's share of the topics' partitions.
    var partitions: [KafkaTopicPartition]
    /// Index into ``partitions`` by topic index, then by partition number; -1 for another instance's partition.
    var partitionIndex: [[Int]]
    /// Per partition, the next offset to emit; a negative logical offset (`KafkaOffset.beginning`, …) until the
    /// first record of an unbounded source's partition is read.
    var positions: [Int64]
    /// Per partition, the end offset found at the start: set for a bounded source only.
    var endOffsets: [Int64]?
}

/// Polls one Kafka source instance's consumer on a thread of its own and hands the batches, undecoded, to the
/// instance, which decodes them on a cooperative worker thread.
///
/// This is how a Kafka source decodes in parallel with polling without a blocking call on a worker thread:
/// every call into librdkafka that may wait (metadata, watermarks, committed offsets, assignment, polling) is
/// made here. A batch keeps its records' bytes in librdkafka's fetch buffers (one allocation per batch, none per
/// record) until the instance releases it. At most `capacity` batches wait; a full hand-off stops the poller,
/// and librdkafka's bounded prefetch then stops fetching: backpressure reaches the broker, memory stays bounded.
///
/// Every hand-off (a batch, the assignment, a failure) wakes the instance's engine thread, so a batch is decoded
/// within microseconds of the poll returning it, even when the pipeline was idle.
///
/// Thread safety: the hand-off is guarded by `condition`; the consumer is used by the poller thread only, from
/// ``start(_:)`` until ``stop()`` returns.
@usableFromInline
final class KafkaSourcePoller: @unchecked Sendable {
    /// What the poller needs to assign the instance's partitions and read them.
    @usableFromInline
    struct Plan: Sendable {
        var topics: [String]
        var options: KafkaSourceOptions
        var instance: Int
        var parallelism: Int
        /// Positions restored from a snapshot, by partition; they win over the start position.
        var restoredPositions: [KafkaTopicPartition: Int64]
        var vertexName: String

        @usableFromInline
        init(
            topics: [String], options: KafkaSourceOptions, instance: Int, parallelism: Int,
            restoredPositions: [KafkaTopicPartition: Int64], vertexName: String
        ) {
            self.topics = topics
            self.options = options
            self.instance = instance
            self.parallelism = parallelism
            self.restoredPositions = restoredPositions
            self.vertexName = vertexName
        }
    }

    private let consumer: KafkaConsumer
    private let logger: Logger
    private let capacity: Int
    private let wakeup: ProcessorWakeup
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var batches: [KafkaHeldRecordBatch] = []
    private var assignment: KafkaSourceAssignment?
    private var failure: (any Error)?
    private var stopping = false
    private var running = false
    /// Touched by the poller thread only.
    private let gauges: KafkaSourceGauges?

    /// - Parameters:
    ///   - wakeup: wakes the instance's engine thread when something was handed over.
    ///   - capacity: the most batches waiting for the instance.
    ///   - gauges: where the poller keeps the instance's assignment and live consumer lag, if anywhere.
    init(
        consumer: KafkaConsumer, logger: Logger, wakeup: ProcessorWakeup, capacity: Int = 4,
        gauges: KafkaSourceGauges? = nil
    ) {
        self.consumer = consumer
        self.logger = logger
        self.wakeup = wakeup
        self.capacity = max(1, capacity)
        self.gauges = gauges
    }

    deinit {
        stop()
    }

    /// Starts the poller thread: it assigns the instance's partitions, then polls until ``stop()``.
    @usableFromInline
    func start(_ plan: Plan) {
        condition.withLock { running = true }
        let thread = Thread { [self] in run(plan) }
        thread.name = "\(plan.vertexName)#\(plan.instance) poller"
        thread.start()
    }

    // MARK: - Instance side (never blocks)

    /// The assignment once the poller has made it; throws what stopped the poller.
    @usableFromInline
    func takeAssignment() throws -> KafkaSourceAssignment? {
        try condition.withLock {
            if let failure { throw failure }
            return assignment
        }
    }

    /// The oldest waiting batch, if any; throws what stopped the poller once no batch is left.
    @usableFromInline
    func takeBatch() throws -> KafkaHeldRecordBatch? {
        try condition.withLock {
            guard !batches.isEmpty else {
                if let failure { throw failure }
                return nil
            }
            let batch = batches.removeFirst()
            if batches.count == capacity - 1 { condition.broadcast() }
            return batch
        }
    }

    /// Stops the poller thread and waits for it (at most about one poll timeout), then releases the batches
    /// nobody took. The consumer is the caller's again afterwards.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        let left = batches
        batches.removeAll()
        condition.unlock()
        for batch in left { batch.release() }
    }

    // MARK: - Poller thread

    private func run(_ plan: Plan) {
        do {
            let assignment = try assign(plan)
            condition.withLock { self.assignment = assignment }
            gauges?.markAssigned()
            wakeup.wake()
            if !assignment.partitions.isEmpty { try poll(plan.options, assignment: assignment) }
        } catch {
            condition.withLock { failure = error }
        }
        gauges?.clear()
        condition.withLock {
            running = false
            condition.broadcast()
        }
        wakeup.wake()
    }

    private var isStopping: Bool { condition.withLock { stopping } }

    /// Polls until stopped, waiting while the hand-off is full.
    private func poll(_ options: KafkaSourceOptions, assignment: KafkaSourceAssignment) throws {
        while !isStopping {
            gauges?.refreshIfDue(consumer: consumer, assignment: assignment)
            let batch = try consumer.pollBatch(maxRecords: max(1, options.pollBatchSize), timeout: options.pollTimeout)
            for error in batch.errors {
                logger.warning("Kafka consumer: \(error)")
            }
            guard !batch.isEmpty else {
                batch.release()
                continue
            }
            condition.lock()
            while batches.count >= capacity && !stopping {
                guard let gauges else {
                    condition.wait()
                    continue
                }
                // Held up by the instance: the lag still moves as librdkafka prefetches, so keep it fresh.
                if !condition.wait(until: Date(timeIntervalSinceNow: 0.5)) {
                    condition.unlock()
                    gauges.refreshIfDue(consumer: consumer, assignment: assignment)
                    condition.lock()
                }
            }
            if stopping {
                condition.unlock()
                batch.release()
                return
            }
            batches.append(batch)
            condition.unlock()
            wakeup.wake()
        }
    }

    /// Assigns this instance's share of the partitions, from restored positions or the start position.
    private func assign(_ plan: Plan) throws -> KafkaSourceAssignment {
        var all: [KafkaTopicPartition] = []
        var partitionIndex: [[Int]] = []
        for topic in plan.topics {
            let count: Int
            do {
                count = try consumer.partitionCount(of: topic)
            } catch {
                throw PipelineError("cannot read topic '\(topic)': \(error)", stage: plan.vertexName)
            }
            partitionIndex.append(Array(repeating: -1, count: count))
            all += (0..<count).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
        }
        let partitions = all.enumerated().filter { $0.offset % plan.parallelism == plan.instance }.map(\.element)
        for (index, partition) in partitions.enumerated() {
            let topicIndex = plan.topics.firstIndex(of: partition.topic)!
            partitionIndex[topicIndex][Int(partition.partition)] = index
        }
        var starts: [Int64] = []
        // One request per leader for all of the share's ends.
        let ends = plan.options.stopAtEnd ? try consumer.endOffsets(of: partitions).map(\.offset) : []
        for partition in partitions {
            if let restored = plan.restoredPositions[partition] {
                starts.append(restored)
            } else {
                switch plan.options.start {
                case .earliest: starts.append(KafkaOffset.beginning)
                case .latest: starts.append(KafkaOffset.end)
                case .committed: starts.append(KafkaOffset.stored)
                }
            }
        }
        var positions = starts
        if plan.options.stopAtEnd {
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
        }
        try consumer.assign(
            zip(partitions, positions.indices).map { partition, index in
                KafkaTopicPartitionOffset(partition, offset: positions[index] >= 0 ? positions[index] : starts[index])
            })
        logger.debug("assigned \(partitions.count) partitions: \(partitions)")
        return KafkaSourceAssignment(
            partitions: partitions, partitionIndex: partitionIndex, positions: positions,
            endOffsets: plan.options.stopAtEnd ? ends : nil)
    }
}
