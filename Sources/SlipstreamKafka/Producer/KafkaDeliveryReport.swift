/// The outcome of one sent message, as `KafkaProducer.poll` hands it back.
///
/// Reports carry the caller's `id` from `send` rather than a closure, so delivery tracking costs no allocation
/// per message; they arrive in batches, once per poll.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// The `id` given to `send`.
    public var id: UInt64
    /// The partition the message went to (or was meant for, on failure).
    public var partition: Int32
    /// The message's offset in the partition, or `KafkaOffset.invalid` when unknown or failed.
    public var offset: Int64
    /// Why the message was not delivered; nil on success.
    public var error: KafkaError?

    public init(id: UInt64, partition: Int32, offset: Int64, error: KafkaError?) {
        self.id = id
        self.partition = partition
        self.offset = offset
        self.error = error
    }

    public var isDelivered: Bool { error == nil }
}
