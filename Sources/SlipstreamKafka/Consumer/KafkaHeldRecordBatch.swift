import CRdKafka

/// A batch of records from `KafkaConsumer.pollBatch` that stays valid until `release()` (or until the last
/// reference goes away): for consumers that process a batch in several steps or on another thread.
///
/// The records' byte views point into librdkafka's fetch buffers, which the batch keeps alive. It may be handed to
/// another thread (hence `Sendable`), but is not for concurrent use: read it from one thread at a time, and call
/// `release()` only when no record or view taken from it is in use.
public final class KafkaHeldRecordBatch: RandomAccessCollection, @unchecked Sendable {
    private var messages: UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>>
    /// Keeps the `rd_kafka_t` alive: messages must be destroyed before their client.
    private let client: RDKafkaClient

    /// Consumer errors delivered with this batch (see `KafkaRecordBatch.errors`).
    public let errors: [KafkaError]
    /// Partitions whose end was reached (only with `reportEndOfPartition`).
    public let reachedEnd: [KafkaTopicPartition]

    init(
        messages: UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>>, errors: [KafkaError],
        reachedEnd: [KafkaTopicPartition], client: RDKafkaClient
    ) {
        self.messages = messages
        self.errors = errors
        self.reachedEnd = reachedEnd
        self.client = client
    }

    deinit {
        release()
    }

    public var startIndex: Int { 0 }
    /// 0 once released.
    public var endIndex: Int { messages.count }

    public subscript(position: Int) -> KafkaRecord { KafkaRecord(messages[position]) }

    /// The same records as a `KafkaRecordBatch` view (e.g. for `nextOffsets`), valid until `release()`.
    public var view: KafkaRecordBatch {
        KafkaRecordBatch(messages: UnsafeBufferPointer(messages), errors: errors, reachedEnd: reachedEnd)
    }

    /// Gives the messages back to librdkafka; the batch is empty afterwards. Idempotent.
    public func release() {
        guard messages.baseAddress != nil else { return }
        for message in messages { rd_kafka_message_destroy(message) }
        messages.deallocate()
        messages = UnsafeMutableBufferPointer(start: nil, count: 0)
    }
}
