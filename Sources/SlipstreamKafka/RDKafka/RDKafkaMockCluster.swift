import CRdKafka
import Logging

/// Owns librdkafka's mock cluster and the `rd_kafka_t` it runs under; destroying it stops the brokers.
final class RDKafkaMockCluster: @unchecked Sendable {
    private let host: OpaquePointer
    private let cluster: OpaquePointer
    private let context: RDKafkaCallbackContext
    let bootstrapServers: String

    init(brokers: Int, logger: Logger) throws(KafkaError) {
        let config = RDKafkaConfig()
        // The host handle never connects anywhere; keep its "no bootstrap.servers" notice out of the log.
        try config.set("log_level", "4")
        context = RDKafkaCallbackContext(logger: logger)
        context.installCommonCallbacks(on: config)
        host = try config.create(RD_KAFKA_PRODUCER)
        guard let cluster = rd_kafka_mock_cluster_new(host, Int32(brokers)) else {
            rd_kafka_destroy(host)
            throw KafkaError.state("librdkafka could not start a mock cluster with \(brokers) brokers")
        }
        self.cluster = cluster
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(host)
    }

    func createTopic(_ name: String, partitions: Int, replicationFactor: Int) throws(KafkaError) {
        let code = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        try throwIfError(code, message: "cannot create topic '\(name)': \(String(cString: rd_kafka_err2str(code)))")
    }

    func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        let code = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
        try throwIfError(code, message: "broker \(id): \(String(cString: rd_kafka_err2str(code)))")
    }

    func setRoundTripTime(milliseconds: Int32, broker: Int32) throws(KafkaError) {
        let code = rd_kafka_mock_broker_set_rtt(cluster, broker, milliseconds)
        try throwIfError(code, message: "broker \(broker): \(String(cString: rd_kafka_err2str(code)))")
    }

    func pushRequestErrors(apiKey: Int16, codes: [Int32]) {
        let errors = codes.map { rd_kafka_resp_err_t(rawValue: $0) }
        errors.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster, apiKey, buffer.count, buffer.baseAddress)
        }
    }

    func clearRequestErrors(apiKey: Int16) {
        rd_kafka_mock_clear_request_errors(cluster, apiKey)
    }

    func setTopicError(topic: String, code: Int32) {
        rd_kafka_mock_topic_set_error(cluster, topic, rd_kafka_resp_err_t(rawValue: code))
    }

    func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        let code = rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker)
        try throwIfError(code, message: "\(topic)[\(partition)]: \(String(cString: rd_kafka_err2str(code)))")
    }
}
