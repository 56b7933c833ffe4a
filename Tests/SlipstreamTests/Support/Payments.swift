import Logging
import Slipstream
import SlipstreamEngine
import SlipstreamKafka

/// A payment as the tests write it to Kafka.
struct Payment: Decodable, Sendable, Hashable {
    var id: String
    var card: String
    var amount: Double
    var time: Int64

    var json: String { #"{"id":"\#(id)","card":"\#(card)","amount":\#(amount),"time":\#(time)}"# }
}

/// What the test pipelines write: the payment's id and card and its amount in cents.
struct Charge: Sendable, Hashable, PayloadEncodable, Decodable {
    var id: String
    var card: String
    var cents: Int64

    func encodePayload(into bytes: inout [UInt8]) {
        JSONObjectWriter.write(into: &bytes) { object in
            object.field("id", id)
            object.field("card", card)
            object.field("cents", cents)
        }
    }
}

/// `count` payments over `cards` cards, one millisecond apart.
func makePayments(_ count: Int, cards: Int = 17) -> [Payment] {
    (0..<count).map {
        Payment(id: "p\($0)", card: "card-\($0 % cards)", amount: Double($0 % 1000) / 4, time: 1_700_000_000_000 + Int64($0))
    }
}

/// A cluster for one test, quiet except for errors.
func makeCluster(topics: [EmbeddedKafka.TopicSpec]) throws -> EmbeddedKafka {
    try EmbeddedKafka(topics: topics, retentionCheckInterval: nil, logger: quietLogger)
}

let quietLogger: Logger = {
    var logger = Logger(label: "slipstream.tests")
    logger.logLevel = .error
    return logger
}()

/// A configuration for `kafka` with two worker threads and quiet logs.
func configuration(_ kafka: EmbeddedKafka, parallelism: Int? = nil) -> PipelineConfiguration {
    PipelineConfiguration(
        kafka: KafkaConnection(bootstrapServers: kafka.bootstrapServers), cooperativeThreads: 2,
        job: JobConfig(defaultParallelism: parallelism, logger: quietLogger), logger: quietLogger)
}
