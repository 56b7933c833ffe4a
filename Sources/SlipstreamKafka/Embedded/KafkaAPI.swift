/// A Kafka protocol request type (API key), used to inject request errors into an `EmbeddedKafka`.
public struct KafkaAPI: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    public static let produce = KafkaAPI(rawValue: 0)
    public static let fetch = KafkaAPI(rawValue: 1)
    public static let listOffsets = KafkaAPI(rawValue: 2)
    public static let metadata = KafkaAPI(rawValue: 3)
    public static let offsetCommit = KafkaAPI(rawValue: 8)
    public static let offsetFetch = KafkaAPI(rawValue: 9)
    public static let findCoordinator = KafkaAPI(rawValue: 10)
    public static let joinGroup = KafkaAPI(rawValue: 11)
    public static let heartbeat = KafkaAPI(rawValue: 12)
    public static let leaveGroup = KafkaAPI(rawValue: 13)
    public static let syncGroup = KafkaAPI(rawValue: 14)
    public static let initProducerID = KafkaAPI(rawValue: 22)
    public static let addPartitionsToTransaction = KafkaAPI(rawValue: 24)
    public static let addOffsetsToTransaction = KafkaAPI(rawValue: 25)
    public static let endTransaction = KafkaAPI(rawValue: 26)
    public static let transactionOffsetCommit = KafkaAPI(rawValue: 28)
}
