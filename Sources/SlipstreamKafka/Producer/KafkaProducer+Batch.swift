import CRdKafka

extension KafkaProducer {
    /// Queues every message of `batch` to `topic` through the configured partitioner, in one librdkafka call
    /// (`rd_kafka_produce_batch`); the bytes are copied before this returns, so the batch can be reused at once.
    ///
    /// Keyed messages get their partitions here, from the configured partitioner's own function (see
    /// `KafkaKeyPartitioning`), and are queued partition by partition; the messages of each partition stay in batch
    /// order, which is all Kafka orders.
    ///
    /// While the local queue is full, polls (serving delivery reports, which frees room) and retries the rest of
    /// the batch until `queueFullWait` has passed.
    ///
    /// - Parameter id: returned in the delivery report of each message.
    /// - Throws: `queueFull` when the queue stayed full for `queueFullWait` (messages of the batch were queued up to
    ///   that point), or the first other error librdkafka gave a message, such as `messageSizeTooLarge` (the others
    ///   are queued).
    public func send(_ batch: KafkaMessageBatch, to topic: KafkaProducerTopic, id: UInt64 = 0) throws(KafkaError) {
        guard !batch.isEmpty else { return }
        let opaque = UnsafeMutableRawPointer(bitPattern: UInt(truncatingIfNeeded: id))
        let partitioning = topic.keyPartitioning()
        let failure: (index: Int, code: rd_kafka_resp_err_t)? = batch.bytes.withUnsafeBytes { bytes in
            withUnsafeTemporaryAllocation(of: rd_kafka_message_t.self, capacity: batch.count) { messages in
                let base = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
                for (index, span) in batch.spans.enumerated() {
                    var message = rd_kafka_message_t()
                    message.partition = KafkaPartition.any
                    message.payload = base.map { $0 + Int(span.valueStart) }
                    message.len = Int(span.valueLength)
                    if span.keyLength >= 0 {
                        message.key = base.map { $0 + Int(span.keyStart) }
                        message.key_len = Int(span.keyLength)
                        // An empty key is no key to the `_random` partitioners (a random partition): librdkafka's.
                        if let partitioning, span.keyLength > 0 {
                            message.partition = partitioning.partition(
                                forKey: message.key, length: message.key_len, topic: topic.handle)
                        }
                    }
                    message._private = opaque
                    messages.initializeElement(at: index, to: message)
                }
                defer { messages.baseAddress!.deinitialize(count: batch.count) }
                guard let partitioning else { return produce(messages, to: topic, flags: RD_KAFKA_MSG_F_COPY) }
                return producePartitioned(messages, count: partitioning.partitionCount, to: topic)
            }
        }
        if let failure {
            throw KafkaError.rdKafka(
                failure.code,
                message: "cannot send message \(failure.index + 1) of \(batch.count) to \(topic.name): "
                    + String(cString: rd_kafka_err2str(failure.code)))
        }
    }

    /// Hands `messages`, whose keyed ones carry their partitions (below `partitionCount`; the others
    /// `KafkaPartition.any`), to librdkafka grouped by partition (the others first, for its partitioner), each group
    /// in batch order; a failure's index is its message's in `messages`.
    private func producePartitioned(
        _ messages: UnsafeMutableBufferPointer<rd_kafka_message_t>, count partitionCount: Int32,
        to topic: KafkaProducerTopic
    ) -> (index: Int, code: rd_kafka_resp_err_t)? {
        // A counting sort over buckets partition + 1: bucket 0 holds `KafkaPartition.any` (-1).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: Int(partitionCount) &+ 2) { starts in
            starts.initialize(repeating: 0)
            defer { starts.baseAddress!.deinitialize(count: starts.count) }
            for message in messages { starts[Int(message.partition) &+ 2] &+= 1 }
            for bucket in 1..<starts.count { starts[bucket] &+= starts[bucket &- 1] }
            return withUnsafeTemporaryAllocation(of: rd_kafka_message_t.self, capacity: messages.count) { sorted in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: messages.count) { origins in
                    for (index, message) in messages.enumerated() {
                        let position = starts[Int(message.partition) &+ 1]
                        starts[Int(message.partition) &+ 1] = position &+ 1
                        sorted.initializeElement(at: position, to: message)
                        origins.initializeElement(at: position, to: index)
                    }
                    defer {
                        sorted.baseAddress!.deinitialize(count: messages.count)
                        origins.baseAddress!.deinitialize(count: messages.count)
                    }
                    let failure = produce(sorted, to: topic, flags: RD_KAFKA_MSG_F_COPY | RD_KAFKA_MSG_F_PARTITION)
                    return failure.map { (origins[$0.index], $0.code) }
                }
            }
        }
    }

    /// Hands `messages` to librdkafka, retrying the part a full queue refused; returns the first failure, if any.
    private func produce(
        _ messages: UnsafeMutableBufferPointer<rd_kafka_message_t>, to topic: KafkaProducerTopic, flags: Int32
    ) -> (index: Int, code: rd_kafka_resp_err_t)? {
        var start = 0
        var deadline: ContinuousClock.Instant?
        var firstError: (index: Int, code: rd_kafka_resp_err_t)?
        while start < messages.count {
            let rest = UnsafeMutableBufferPointer(rebasing: messages[start...])
            let queued = rd_kafka_produce_batch(
                topic.handle, KafkaPartition.any, flags, rest.baseAddress, Int32(rest.count))
            if Int(queued) == rest.count { return firstError }
            // A full queue refuses the message it hits and every one after it; other errors refuse one message.
            var refusedFrom = rest.count
            for index in rest.indices where rest[index].err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if rest[index].err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    refusedFrom = index
                    break
                }
                if firstError == nil { firstError = (start + index, rest[index].err) }
            }
            guard refusedFrom < rest.count else { return firstError }
            let now = ContinuousClock.now
            let limit = deadline ?? now.advanced(by: configuration.queueFullWait)
            deadline = limit
            guard now < limit else { return firstError ?? (start + refusedFrom, RD_KAFKA_RESP_ERR__QUEUE_FULL) }
            servePoll(timeoutMilliseconds: 5)
            start += refusedFrom
        }
        return firstError
    }
}
