/// The one error type of SlipstreamKafka: a librdkafka error code with its name and message.
///
/// It tells fatal errors (the client instance is unusable and must be recreated) from retriable ones (the same
/// operation may succeed when tried again) and, for transactional producers, errors that require aborting the
/// current transaction. Configuration errors also name the offending property.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// librdkafka's numeric error code (`rd_kafka_resp_err_t`): negative values are client-side errors,
    /// positive values are Kafka protocol errors returned by a broker.
    public let code: Code
    /// librdkafka's symbolic name of the code, e.g. `_TIMED_OUT` or `UNKNOWN_TOPIC_OR_PART`.
    public let name: String
    /// A human-readable explanation, librdkafka's when it gave one.
    public let message: String
    /// The client instance can no longer be used; create a new one.
    public let isFatal: Bool
    /// Trying the same operation again may succeed.
    public let isRetriable: Bool
    /// The current transaction must be aborted (transactional producers only).
    public let requiresTransactionAbort: Bool
    /// The configuration property the error is about, if any.
    public let property: String?

    public var description: String {
        var text = property.map { "configuration property '\($0)': " } ?? ""
        text += message.isEmpty ? name : "\(message) (\(name))"
        if isFatal { text += " [fatal]" } else if isRetriable { text += " [retriable]" }
        return text
    }

    init(
        code: Code, name: String, message: String, isFatal: Bool = false, isRetriable: Bool = false,
        requiresTransactionAbort: Bool = false, property: String? = nil
    ) {
        self.code = code
        self.name = name
        self.message = message
        self.isFatal = isFatal
        self.isRetriable = isRetriable
        self.requiresTransactionAbort = requiresTransactionAbort
        self.property = property
    }
}

extension KafkaError {
    /// A librdkafka error code. New librdkafka codes need no change here: any raw value is valid.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public var description: String { "\(rawValue)" }

        /// No error.
        public static let noError = Code(rawValue: 0)
        /// An operation did not finish within its timeout (`_TIMED_OUT`).
        public static let timedOut = Code(rawValue: -185)
        /// The producer's local queue is full (`_QUEUE_FULL`): poll for delivery reports, then retry.
        public static let queueFull = Code(rawValue: -184)
        /// An argument or configuration value is invalid (`_INVALID_ARG`).
        public static let invalidArgument = Code(rawValue: -186)
        /// No broker could be reached (`_ALL_BROKERS_DOWN`).
        public static let allBrokersDown = Code(rawValue: -187)
        /// The topic does not exist locally known (`_UNKNOWN_TOPIC`).
        public static let unknownTopic = Code(rawValue: -188)
        /// The partition does not exist (`_UNKNOWN_PARTITION`).
        public static let unknownPartition = Code(rawValue: -190)
        /// The consumer reached the end of a partition (`_PARTITION_EOF`).
        public static let partitionEOF = Code(rawValue: -191)
        /// A message was not delivered within `message.timeout.ms` (`_MSG_TIMED_OUT`).
        public static let messageTimedOut = Code(rawValue: -192)
        /// A broker connection failed (`_TRANSPORT`).
        public static let transport = Code(rawValue: -195)
        /// The operation is not allowed in the client's current state (`_STATE`).
        public static let state = Code(rawValue: -172)
        /// A fatal error happened; see `isFatal` (`_FATAL`).
        public static let fatal = Code(rawValue: -150)
        /// A queued message was purged, e.g. by aborting a transaction (`_PURGE_QUEUE`).
        public static let purgeQueue = Code(rawValue: -152)
        /// An in-flight message was purged (`_PURGE_INFLIGHT`).
        public static let purgeInflight = Code(rawValue: -151)
        /// The client is being destroyed (`_DESTROY`).
        public static let destroy = Code(rawValue: -197)
        /// The broker does not know the topic or partition (`UNKNOWN_TOPIC_OR_PART`).
        public static let unknownTopicOrPartition = Code(rawValue: 3)
        /// The broker is not the leader of the partition (`NOT_LEADER_FOR_PARTITION`).
        public static let notLeaderForPartition = Code(rawValue: 6)
        /// A broker-side request timeout (`REQUEST_TIMED_OUT`).
        public static let requestTimedOut = Code(rawValue: 7)
        /// The broker is not available (`BROKER_NOT_AVAILABLE`).
        public static let brokerNotAvailable = Code(rawValue: 8)
        /// The group coordinator is not available (`COORDINATOR_NOT_AVAILABLE`).
        public static let coordinatorNotAvailable = Code(rawValue: 15)
        /// The broker is not the coordinator (`NOT_COORDINATOR`).
        public static let notCoordinator = Code(rawValue: 16)
        /// Not enough in-sync replicas (`NOT_ENOUGH_REPLICAS`).
        public static let notEnoughReplicas = Code(rawValue: 19)
    }
}
