import SlipstreamEngine

extension JobMetrics {
    /// The live consumer lag of the job's Kafka sources, per topic: records between each source instance's
    /// position and the high watermark last seen in a fetch response, summed over instances (and over sources
    /// reading the same topic). Empty until a source has fetched.
    public var kafkaConsumerLag: [String: Int] {
        var lag: [String: Int] = [:]
        for vertex in vertices {
            for (name, records) in vertex.counters where name.hasPrefix(KafkaSourceGauges.counterPrefix) {
                lag[String(name.dropFirst(KafkaSourceGauges.counterPrefix.count)), default: 0] += records
            }
        }
        return lag
    }

    /// The Kafka source vertices some of whose instances have no partitions assigned yet (they are still
    /// reading metadata, offsets or a restored position), by name.
    public var kafkaSourcesAwaitingAssignment: [String] {
        vertices.filter { vertex in
            guard let assigned = vertex.counters[KafkaSourceGauges.assignedInstances] else { return false }
            return assigned < vertex.parallelism
        }.map(\.name)
    }
}
