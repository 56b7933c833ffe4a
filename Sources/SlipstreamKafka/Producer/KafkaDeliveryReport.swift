/// The outcome of one sent message, as `KafkaProducer.poll` hands it back.
///
/// Reports carry the caller's `id` from `send` rather than a closure, so delivery tracking costs no allocation
/// per message; they arrive in batches, once per poll. A report is a plain value of a few words (the error is
/// kept as its code and described on demand), so batches of them copy like raw memory.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// The `id` given to `send`.
    public var id: UInt64
    /// The partition the message went to (or was meant for, on failure).
    public var partition: Int32
    /// The message's offset in the partition, or `KafkaOffset.invalid` when unknown or failed.
    public var offset: Int64
    /// librdkafka's error code when the message was not delivered; nil on success.
    public var errorCode: KafkaError.Code?

    public init(id: UInt64, partition: Int32, offset: Int64, errorCode: KafkaError.Code?) {
        self.id = id
        self.partition = partition
        self.offset = offset
        self.errorCode = errorCode
    }

    /// Why the message was not delivered (librdkafka's name and text for the code); nil on success.
    public var error: KafkaError? { errorCode.map { KafkaError.rdKafka(rawCode: $0.rawValue) } }

    public var isDelivered: Bool { errorCode == nil }
}
