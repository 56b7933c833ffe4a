import CRdKafka

/// A topic a producer sends to, resolved once so that `send` does no name lookup per message.
///
/// Get one with `KafkaProducer.topic(_:)`; it keeps its producer alive. Safe to share between threads.
public final class KafkaProducerTopic: @unchecked Sendable {
    /// The topic name.
    public let name: String
    let handle: OpaquePointer
    /// Keeps the `rd_kafka_t` alive for as long as this topic handle exists.
    let client: RDKafkaClient

    init(name: String, client: RDKafkaClient) throws(KafkaError) {
        guard let handle = rd_kafka_topic_new(client.handle, name, nil) else {
            throw KafkaError.rdKafka(rd_kafka_last_error(), message: "cannot create a handle for topic '\(name)'")
        }
        self.name = name
        self.handle = handle
        self.client = client
    }

    deinit {
        rd_kafka_topic_destroy(handle)
    }
}
