import CRdKafka

/// Transactions: a producer configured with a `transactionalID` sends its messages, and optionally a consumer's
/// offsets, atomically. Each call blocks up to its timeout; call them from the thread that polls.
///
/// On a thrown error: `requiresTransactionAbort` means call `abortTransaction` and start again; `isRetriable`
/// means the same call may be repeated; `isFatal` means the producer must be recreated.
extension KafkaProducer {
    /// Registers the transactional id with the cluster and fences older producers with the same id. Call once,
    /// before the first `beginTransaction`.
    public func initTransactions(timeout: Duration = .seconds(30)) throws(KafkaError) {
        try throwIfError(rd_kafka_init_transactions(client.handle, timeout.kafkaMilliseconds))
    }

    /// Starts a transaction: messages sent from now until commit or abort belong to it.
    public func beginTransaction() throws(KafkaError) {
        try throwIfError(rd_kafka_begin_transaction(client.handle))
    }

    /// Adds consumed offsets to the transaction: they are committed for the consumer's group if and only if the
    /// transaction commits. `offsets` are the next offsets to read (last processed + 1).
    public func sendOffsetsToTransaction(
        _ offsets: [KafkaTopicPartitionOffset], groupMetadata: KafkaConsumerGroupMetadata,
        timeout: Duration = .seconds(30)
    ) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        try throwIfError(
            rd_kafka_send_offsets_to_transaction(
                client.handle, list.pointer, groupMetadata.pointer, timeout.kafkaMilliseconds))
    }

    /// Delivers all outstanding messages and commits the transaction. Delivery reports served meanwhile are
    /// kept for the next `poll`.
    public func commitTransaction(timeout: Duration = .seconds(30)) throws(KafkaError) {
        let error = withPollLock { rd_kafka_commit_transaction(client.handle, timeout.kafkaMilliseconds) }
        try throwIfError(error)
    }

    /// Aborts the transaction: queued messages are purged (their reports fail with `purgeQueue`) and the
    /// messages already written are marked aborted, invisible to `readCommitted` consumers.
    public func abortTransaction(timeout: Duration = .seconds(30)) throws(KafkaError) {
        let error = withPollLock { rd_kafka_abort_transaction(client.handle, timeout.kafkaMilliseconds) }
        try throwIfError(error)
    }
}
