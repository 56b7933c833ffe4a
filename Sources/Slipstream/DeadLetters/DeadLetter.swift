import SlipstreamKafka
import SlipstreamEngine

/// An input record that could not be turned into an item (it does not decode, for instance), with where it came
/// from and why. Dead letters leave the stream, are counted (`deadLetters` in the vertex metrics) and go to
/// the source's ``DeadLetterDestination``; the job goes on.
public struct DeadLetter: Sendable, Hashable {
    /// The topic, or the file path, the record came from.
    public var origin: String
    /// The Kafka partition, `nil` for a file.
    public var partition: Int32?
    /// The Kafka offset, or the file's line number (from 1).
    public var offset: Int64
    /// The record's key, if any.
    public var key: [UInt8]?
    /// The record's payload as read (`nil` for a Kafka tombstone).
    public var payload: [UInt8]?
    /// Why it is a dead letter, in a few words (`missing field "amount"`).
    public var reason: String
    /// The record's timestamp in milliseconds, when it has one.
    public var timestamp: Int64?

    /// Creates a dead letter.
    public init(
        origin: String, partition: Int32?, offset: Int64, key: [UInt8]?, payload: [UInt8]?, reason: String,
        timestamp: Int64? = nil
    ) {
        self.origin = origin
        self.partition = partition
        self.offset = offset
        self.key = key
        self.payload = payload
        self.reason = reason
        self.timestamp = timestamp
    }

    /// The names of the headers a dead letter carries on a Kafka dead-letter topic.
    public enum Header {
        /// Why the record is a dead letter.
        public static let error = "slipstream.error"
        /// The topic (or file) it came from.
        public static let topic = "slipstream.topic"
        /// Its partition (decimal), absent for a file.
        public static let partition = "slipstream.partition"
        /// Its offset (decimal), or its line number for a file.
        public static let offset = "slipstream.offset"
        /// The pipeline that rejected it.
        public static let pipeline = "slipstream.pipeline"
        /// The stage that rejected it.
        public static let stage = "slipstream.stage"
    }

    /// The headers of this dead letter on a Kafka topic.
    func headers(pipeline: String, stage: String) -> [KafkaHeader] {
        var headers = [
            KafkaHeader(name: Header.error, value: reason),
            KafkaHeader(name: Header.topic, value: origin),
        ]
        if let partition { headers.append(KafkaHeader(name: Header.partition, value: String(partition))) }
        headers.append(KafkaHeader(name: Header.offset, value: String(offset)))
        headers.append(KafkaHeader(name: Header.pipeline, value: pipeline))
        headers.append(KafkaHeader(name: Header.stage, value: stage))
        return headers
    }
}

extension Counter.Name {
    /// Records sent to a dead-letter destination.
    public static let deadLetters = "deadLetters"
    /// Messages a Kafka sink could not deliver.
    public static let deliveryFailures = "deliveryFailures"
}
