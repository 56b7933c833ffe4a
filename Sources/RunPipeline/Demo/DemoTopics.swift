import Slipstream

/// The topics of the demo's embedded cluster: the fraud pipeline's defaults.
struct DemoTopics {
    var payments = "payments"
    var chargebacks = "chargebacks"
    var scores = "fraud-scores"
    var deadLetters = "payments-dead-letters"

    /// Topic specs with enough partitions that none passes ~4 MiB of the mock's ~5 MiB cap, given about
    /// `payments` payments of ~190 bytes and as many scores of ~150 bytes.
    func specs(payments count: Int, partitions: Int) -> [EmbeddedKafka.TopicSpec] {
        let capacity = 4 << 20
        let paymentPartitions = max(partitions, (count * 190 + capacity - 1) / capacity)
        let scorePartitions = max(partitions, (count * 150 + capacity - 1) / capacity)
        return [
            .init(payments, partitions: paymentPartitions), .init(chargebacks, partitions: 1),
            .init(scores, partitions: scorePartitions), .init(deadLetters, partitions: 1),
        ]
    }
}
