import CRdKafka

/// A consumer group's identity and generation, as a transactional producer needs it to commit the group's
/// offsets inside a transaction (`KafkaProducer.sendOffsetsToTransaction`).
public final class KafkaConsumerGroupMetadata: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Metadata with only the group id (no generation fencing); prefer `KafkaConsumer.groupMetadata()`.
    public init(groupID: String) {
        pointer = rd_kafka_consumer_group_metadata_new(groupID)
    }

    init(adopting pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_consumer_group_metadata_destroy(pointer)
    }
}
