import CRdKafka

extension KafkaProducer {
    /// Queues every message of `batch` to `topic` through the configured partitioner, in one librdkafka call
    /// (`rd_kafka_produce_batch`); the bytes are copied before this returns, so the batch can be reused at once.
    ///
    /// While the local queue is full, polls (serving delivery reports, which frees room) and retries the rest of
    /// the batch until `queueFullWait` has passed. Messages are queued in batch order.
    ///
    /// - Parameter id: returned in the delivery report of each message.
    /// - Throws: `queueFull` when the queue stayed full for `queueFullWait` (the messages before the first one
    ///   refused are queued), or the first other error librdkafka gave a message, such as `messageSizeTooLarge`
    ///   (the others are queued).
    public func send(_ batch: KafkaMessageBatch, to topic: KafkaProducerTopic, id: UInt64 = 0) throws(KafkaError) {
        guard !batch.isEmpty else { return }
        let opaque = UnsafeMutableRawPointer(bitPattern: UInt(truncatingIfNeeded: id))
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
                    }
                    message._private = opaque
                    messages.initializeElement(at: index, to: message)
                }
                defer { messages.baseAddress!.deinitialize(count: batch.count) }
                return produce(messages, to: topic)
            }
        }
        if let failure {
            throw KafkaError.rdKafka(
                failure.code,
                message: "cannot send message \(failure.index + 1) of \(batch.count) to \(topic.name): "
                    + String(cString: rd_kafka_err2str(failure.code)))
        }
    }

    /// Hands `messages` to librdkafka, retrying the part a full queue refused; returns the first failure, if any.
    private func produce(
        _ messages: UnsafeMutableBufferPointer<rd_kafka_message_t>, to topic: KafkaProducerTopic
    ) -> (index: Int, code: rd_kafka_resp_err_t)? {
        var start = 0
        var deadline: ContinuousClock.Instant?
        var firstError: (index: Int, code: rd_kafka_resp_err_t)?
        while start < messages.count {
            let rest = UnsafeMutableBufferPointer(rebasing: messages[start...])
            let queued = rd_kafka_produce_batch(
                topic.handle, KafkaPartition.any, RD_KAFKA_MSG_F_COPY, rest.baseAddress, Int32(rest.count))
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
