import CRdKafka
import Logging

/// Reads records from Kafka: group subscription with rebalance notifications or manual assignment, batch
/// polling without copying payloads, seek, synchronous and asynchronous commits, pause/resume, watermark and lag
/// queries.
///
/// Threading: `poll` hands out batches to one caller at a time (an internal lock, taken once per batch, keeps
/// concurrent polls apart); the rebalance and commit handlers run on the polling thread, inside `poll`, and may
/// call `commit`, `seek`, `assign`, `pause`/`resume`, `assignment` (but not `poll` or `close`, which would wait
/// for themselves). Those and the query calls may be made from any thread.
/// `close` leaves the group (the handler hears the revocation) and waits for a poll in progress to finish.
public final class KafkaConsumer: @unchecked Sendable {
    /// The settings the consumer was created with.
    public let configuration: KafkaConsumerConfiguration
    let client: RDKafkaClient
    private let queue: OpaquePointer
    private let pollLock = KafkaLock()
    private let batchCapacity: Int
    /// Reused for every poll; holds only message pointers, never payloads.
    private let batchBuffer: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    private var closed = false
    /// When to wake librdkafka's fetcher after its queue limits stopped it (guarded by the poll lock).
    private var refill: KafkaPrefetchRefill
    /// How many times the fetcher was woken and the brokers answered (guarded by the poll lock; for tests).
    private(set) var fetcherWakeUps = 0
    /// Topics whose leaders `assign` has looked up (a lock of its own: `assign` may run inside a rebalance
    /// handler, i.e. while the poll lock is held).
    private var knownTopics = Set<String>()
    private let knownTopicsLock = KafkaLock()

    /// Creates the consumer.
    ///
    /// - Parameters:
    ///   - configuration: settings; invalid ones throw a `KafkaError` naming the property. Without a `groupID`
    ///     a private one is generated: `assign` works and commits go to that group, `subscribe` is pointless.
    ///   - onRebalance: told of assigned, revoked and lost partitions, on the polling thread.
    ///   - onCommit: told the outcome of every commit (asynchronous, synchronous and auto-commits), on the
    ///     polling thread during a later `poll`.
    public init(
        configuration: KafkaConsumerConfiguration,
        logger: Logger = Logger(label: "slipstream.kafka.consumer"),
        onRebalance: (@Sendable (KafkaRebalanceEvent) -> Void)? = nil,
        onCommit: (@Sendable (KafkaCommitResult) -> Void)? = nil
    ) throws(KafkaError) {
        guard configuration.maxBatchSize > 0 else {
            throw KafkaError.invalidArgument("maxBatchSize must be positive, not \(configuration.maxBatchSize)")
        }
        self.configuration = configuration
        let config = RDKafkaConfig()
        var properties = configuration.librdkafkaProperties()
        if configuration.groupID == nil && configuration.properties["group.id"] == nil {
            properties.append(("group.id", "slipstream-private-\(UInt64.random(in: 0...UInt64.max))"))
        }
        try config.set(properties)
        // The limits librdkafka will apply, whichever of the typed settings and `properties` chose them.
        refill = KafkaPrefetchRefill(
            recordLimit: config.get("queued.min.messages").flatMap { Int($0) } ?? configuration.queuedMinMessages,
            byteLimit: (config.get("queued.max.messages.kbytes").flatMap { Int($0) } ?? configuration.queuedMaxKilobytes)
                * 1024)
        let context = RDKafkaCallbackContext(logger: logger, rebalanceHandler: onRebalance, commitHandler: onCommit)
        context.installCommonCallbacks(on: config)
        context.installRebalanceCallback(on: config)
        if onCommit != nil { context.installCommitCallback(on: config) }
        client = try RDKafkaClient(type: RD_KAFKA_CONSUMER, config: config, context: context)
        guard let queue = client.consumerQueue else { throw KafkaError.state("librdkafka gave no consumer queue") }
        self.queue = queue
        batchCapacity = configuration.maxBatchSize
        batchBuffer = .allocate(capacity: batchCapacity)
    }

    deinit {
        if !closed { _ = rd_kafka_consumer_close(client.handle) }
        batchBuffer.deallocate()
    }

    // MARK: - Choosing partitions

    /// Joins the group and consumes the given topics; partitions arrive through rebalances during `poll`.
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics { list.add(topic, KafkaPartition.any, offset: KafkaOffset.invalid) }
        try throwIfError(rd_kafka_subscribe(client.handle, list.pointer))
    }

    /// Leaves the subscription (the handler hears the revocation during the next poll).
    public func unsubscribe() throws(KafkaError) {
        try throwIfError(rd_kafka_unsubscribe(client.handle))
    }

    /// Consumes exactly these partitions from the given offsets (absolute or `KafkaOffset` constants), without
    /// group membership. Replaces any previous assignment. Waits up to 2 s for the partitions' leaders first (once
    /// per topic), so that fetching starts without librdkafka's 500 ms leader-lookup retry.
    public func assign(_ partitions: [KafkaTopicPartitionOffset]) throws(KafkaError) {
        let topics = Set(partitions.map(\.topic))
        let unknown = knownTopicsLock.withLock { !topics.isSubset(of: knownTopics) }
        if unknown {
            client.learnLeaders(of: topics, timeout: .seconds(2))
            knownTopicsLock.withLock { knownTopics.formUnion(topics) }
        }
        let list = RDKafkaTopicPartitionList(partitions)
        try throwIfError(rd_kafka_assign(client.handle, list.pointer))
    }

    /// The partitions currently assigned, by the group or by `assign`.
    public func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        try throwIfError(rd_kafka_assignment(client.handle, &list))
        guard let list else { return [] }
        return RDKafkaTopicPartitionList(adopting: list).partitions
    }

    // MARK: - Polling

    /// Hands the next batch of records to `body`, waiting up to `timeout` for the first one.
    ///
    /// At most `maxRecords` (capped by the configuration's `maxBatchSize`) records are handed out; they stay in
    /// librdkafka's buffers (no payload copy) until `body` returns. Rebalance and commit handlers run in here.
    ///
    /// - Throws: `state` after `close`, a fatal `KafkaError` when the client is no longer usable, or what `body`
    ///   throws. Non-fatal consumer errors do not throw; they are in the batch's `errors`.
    public func poll<R>(
        maxRecords: Int = .max, timeout: Duration, _ body: (KafkaRecordBatch) throws -> R
    ) throws -> R {
        pollLock.lock()
        defer { pollLock.unlock() }
        let (records, errors, reachedEnd) = try fill(maxRecords: maxRecords, timeout: timeout)
        defer {
            for index in 0..<records { rd_kafka_message_destroy(batchBuffer[index]) }
        }
        if let fatal = errors.first(where: \.isFatal) { throw fatal }
        let view = UnsafeRawPointer(batchBuffer).assumingMemoryBound(to: UnsafeMutablePointer<rd_kafka_message_t>.self)
        return try body(
            KafkaRecordBatch(
                messages: UnsafeBufferPointer(start: view, count: records), errors: errors, reachedEnd: reachedEnd))
    }

    /// Like `poll(maxRecords:timeout:_:)`, but the batch stays valid until it is released (or dropped), so it
    /// can be processed in several steps or handed to another thread. Costs one allocation per batch; holding
    /// batches holds librdkafka's fetch buffers, so release them promptly.
    public func pollBatch(maxRecords: Int = .max, timeout: Duration) throws -> KafkaHeldRecordBatch {
        pollLock.lock()
        defer { pollLock.unlock() }
        let (records, errors, reachedEnd) = try fill(maxRecords: maxRecords, timeout: timeout)
        let messages = UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>>.allocate(capacity: records)
        for index in 0..<records { messages.initializeElement(at: index, to: batchBuffer[index]!) }
        let batch = KafkaHeldRecordBatch(messages: messages, errors: errors, reachedEnd: reachedEnd, client: client)
        if let fatal = errors.first(where: \.isFatal) { throw fatal }
        return batch
    }

    /// Takes up to `maxRecords` messages from librdkafka into `batchBuffer`, keeps the records at its front and
    /// turns the rest (errors, end-of-partition events) into values. Call with the poll lock held; the caller
    /// destroys the returned records.
    private func fill(maxRecords: Int, timeout: Duration) throws(KafkaError)
        -> (records: Int, errors: [KafkaError], reachedEnd: [KafkaTopicPartition])
    {
        if closed { throw KafkaError.state("the consumer is closed") }
        let capacity = max(1, min(maxRecords, batchCapacity))
        var count = rd_kafka_consume_batch_queue(queue, 0, batchBuffer, capacity)
        if count == 0 {
            // consume_batch waits for a full batch or the timeout; wait for just the first record instead, then
            // take whatever else is already there, so a light stream is not held back by the batch size.
            if let first = rd_kafka_consume_queue(queue, timeout.kafkaMilliseconds) {
                batchBuffer[0] = first
                count = 1
                if capacity > 1 {
                    let more = rd_kafka_consume_batch_queue(queue, 0, batchBuffer + 1, capacity - 1)
                    if more > 0 { count += more }
                }
            }
        }
        if count < 0 { throw KafkaError.rdKafka(rd_kafka_last_error()) }
        var records = 0
        var bytes = 0
        var errors: [KafkaError] = []
        var reachedEnd: [KafkaTopicPartition] = []
        for index in 0..<count {
            let message = batchBuffer[index]!
            let code = message.pointee.err
            if code == RD_KAFKA_RESP_ERR_NO_ERROR {
                batchBuffer[records] = message
                records += 1
                bytes &+= message.pointee.len
                continue
            }
            if code == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                if let topic = message.pointee.rkt {
                    reachedEnd.append(
                        KafkaTopicPartition(topic: String(cString: rd_kafka_topic_name(topic)),
                                            partition: message.pointee.partition))
                }
            } else {
                var error = KafkaError.rdKafka(code, message: String(cString: rd_kafka_message_errstr(message)))
                if code == RD_KAFKA_RESP_ERR__FATAL, let fatal = client.fatalError() { error = fatal }
                client.context.logger.debug("consumer error: \(error)")
                errors.append(error)
            }
            rd_kafka_message_destroy(message)
        }
        if refill.polled(records: records, bytes: bytes, queueLength: Int(rd_kafka_queue_length(queue))) {
            wakeFetchers()
        }
        return (records, errors, reachedEnd)
    }

    /// Asks the leaders of the assigned partitions for their end offsets and ignores the answer: sending the
    /// request wakes each broker thread that fetches from them, which then sees that its prefetch queue has room
    /// again (see `KafkaPrefetchRefill`). Waits for the answers, at most 1 s.
    private func wakeFetchers() {
        do {
            let assigned = try assignment()
            guard !assigned.isEmpty else { return }
            _ = try endOffsets(of: assigned, timeout: .seconds(1))
            fetcherWakeUps += 1
        } catch {
            client.context.logger.debug("waking the fetchers: \(error)")
        }
    }

    // MARK: - Positions and commits

    /// Moves the fetch position of assigned partitions; the next records come from the given offsets.
    public func seek(_ positions: [KafkaTopicPartitionOffset], timeout: Duration = .seconds(10)) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(positions)
        try throwIfError(rd_kafka_seek_partitions(client.handle, list.pointer, timeout.kafkaMilliseconds))
        if let error = list.firstError() { throw error }
    }

    /// Commits the given offsets (next offsets to read: last processed + 1) and waits for the broker.
    public func commit(_ offsets: [KafkaTopicPartitionOffset]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        try throwIfError(rd_kafka_commit(client.handle, list.pointer, 0))
        if let error = list.firstError() { throw error }
    }

    /// Commits the offsets stored so far (with `storeOffsetsOnPoll`: everything polled) and waits.
    public func commit() throws(KafkaError) {
        let code = rd_kafka_commit(client.handle, nil, 0)
        if code == RD_KAFKA_RESP_ERR__NO_OFFSET { return }
        try throwIfError(code)
    }

    /// Starts committing the given offsets and returns at once; the outcome goes to the `onCommit` handler
    /// during a later poll.
    public func commitAsync(_ offsets: [KafkaTopicPartitionOffset]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        try throwIfError(rd_kafka_commit(client.handle, list.pointer, 1))
    }

    /// Stores offsets for the next `commit()` or auto-commit (for consumers with `storeOffsetsOnPoll` off).
    public func storeOffsets(_ offsets: [KafkaTopicPartitionOffset]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        try throwIfError(rd_kafka_offsets_store(client.handle, list.pointer))
        if let error = list.firstError() { throw error }
    }

    /// The group's committed offsets for the partitions, asking the coordinator.
    public func committed(
        _ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)
    ) throws(KafkaError) -> [KafkaTopicPartitionOffset] {
        let list = RDKafkaTopicPartitionList(partitions)
        try throwIfError(rd_kafka_committed(client.handle, list.pointer, timeout.kafkaMilliseconds))
        if let error = list.firstError() { throw error }
        return list.offsets
    }

    /// The consumer's position (next offset to hand out) for the partitions, `KafkaOffset.invalid` if unknown.
    public func position(_ partitions: [KafkaTopicPartition]) throws(KafkaError) -> [KafkaTopicPartitionOffset] {
        let list = RDKafkaTopicPartitionList(partitions)
        try throwIfError(rd_kafka_position(client.handle, list.pointer))
        return list.offsets
    }

    // MARK: - Flow control

    /// Stops fetching from these partitions until `resume`; records already fetched are still handed out.
    public func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(partitions)
        try throwIfError(rd_kafka_pause_partitions(client.handle, list.pointer))
        if let error = list.firstError() { throw error }
    }

    /// Fetches from these paused partitions again.
    public func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(partitions)
        try throwIfError(rd_kafka_resume_partitions(client.handle, list.pointer))
        if let error = list.firstError() { throw error }
    }

    // MARK: - Queries

    /// The partition's watermarks, asking its leader.
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) throws(KafkaError)
        -> KafkaWatermarks
    {
        try client.queryWatermarks(topic: topic, partition: partition, timeout: timeout)
    }

    /// The end offsets of the partitions: the offset the next record written to each will get (its high
    /// watermark; the last stable offset for a `read_committed` consumer), in the order given.
    ///
    /// One `ListOffsets` request per leader for all its partitions (`rd_kafka_offsets_for_times` at the latest
    /// time), where ``watermarks(topic:partition:timeout:)`` makes two per partition: for watching how far many
    /// partitions have got, often, without loading the brokers.
    public func endOffsets(
        of partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)
    ) throws(KafkaError) -> [KafkaTopicPartitionOffset] {
        guard !partitions.isEmpty else { return [] }
        let list = RDKafkaTopicPartitionList(
            partitions.map { KafkaTopicPartitionOffset($0, offset: KafkaOffset.end) })
        try throwIfError(rd_kafka_offsets_for_times(client.handle, list.pointer, timeout.kafkaMilliseconds))
        if let error = list.firstError() { throw error }
        return list.offsets
    }

    /// The watermarks last seen in fetch responses: no broker round trip, nil before the first fetch.
    public func cachedWatermarks(topic: String, partition: Int32) -> KafkaWatermarks? {
        var low: Int64 = -1
        var high: Int64 = -1
        let code = rd_kafka_get_watermark_offsets(client.handle, topic, partition, &low, &high)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return KafkaWatermarks(low: max(low, 0), high: high)
    }

    /// The group's lag on each partition: high watermark minus committed offset.
    public func lag(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [KafkaPartitionLag]
    {
        let committed = try committed(partitions, timeout: timeout)
        var result: [KafkaPartitionLag] = []
        for entry in committed {
            let marks = try watermarks(topic: entry.topic, partition: entry.partition, timeout: timeout)
            result.append(KafkaPartitionLag(topicPartition: entry.topicPartition, watermarks: marks, committed: entry.offset))
        }
        return result
    }

    /// The number of partitions of `topic`; throws `unknownTopicOrPartition` when it does not exist.
    public func partitionCount(of topic: String, timeout: Duration = .seconds(10)) throws(KafkaError) -> Int {
        try client.partitionCount(topic: topic, timeout: timeout)
    }

    /// The group's current metadata, for `KafkaProducer.sendOffsetsToTransaction`.
    public func groupMetadata() throws(KafkaError) -> KafkaConsumerGroupMetadata {
        guard let pointer = rd_kafka_consumer_group_metadata(client.handle) else {
            throw KafkaError.state("the consumer has no group metadata")
        }
        return KafkaConsumerGroupMetadata(adopting: pointer)
    }

    // MARK: - Closing

    /// Leaves the group (committing stored offsets when auto-commit is on) and stops fetching. Further polls
    /// throw. Called automatically when the consumer is destroyed.
    public func close() throws(KafkaError) {
        let code = pollLock.withLock { () -> rd_kafka_resp_err_t in
            if closed { return RD_KAFKA_RESP_ERR_NO_ERROR }
            closed = true
            return rd_kafka_consumer_close(client.handle)
        }
        try throwIfError(code)
    }
}
