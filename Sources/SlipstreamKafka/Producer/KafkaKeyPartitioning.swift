import CRdKafka

/// Where a producer's keyed messages go, worked out before they reach librdkafka: the configured partitioner's own
/// librdkafka function over the topic's partition count.
///
/// A batch whose messages already carry their partitions is queued partition by partition. Left to librdkafka,
/// every message would take the topic's partitioner path: a clock read, a partition lookup with its reference count
/// taken and dropped, and the hash, one message at a time. The partitions are the ones librdkafka would pick, since
/// the same function computes them. Keyless messages and empty keys (which the `_random` partitioners place at
/// random), and partitioners that do not depend on the key alone (`random`,
/// or one set through librdkafka's callback API), are left to librdkafka.
struct KafkaKeyPartitioning {
    typealias Function = @convention(c) (
        OpaquePointer?, UnsafeRawPointer?, Int, Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
    ) -> Int32

    /// The partitioner, applied to keyed messages only (its keyless behaviour is not used).
    let function: Function
    /// The topic's partition count when it was last read.
    let partitionCount: Int32

    /// The function of the librdkafka partitioner named `name` (the `partitioner` property), when it places a keyed
    /// message by its key alone.
    static func function(named name: String) -> Function? {
        switch name {
        case "consistent": rd_kafka_msg_partitioner_consistent
        case "consistent_random": rd_kafka_msg_partitioner_consistent_random
        case "murmur2": rd_kafka_msg_partitioner_murmur2
        case "murmur2_random": rd_kafka_msg_partitioner_murmur2_random
        case "fnv1a": rd_kafka_msg_partitioner_fnv1a
        case "fnv1a_random": rd_kafka_msg_partitioner_fnv1a_random
        default: nil
        }
    }

    /// The partition of a message keyed by `key`: within the count, or `KafkaPartition.any` (librdkafka's choice)
    /// should the function ever answer outside it.
    @inline(__always)
    func partition(forKey key: UnsafeRawPointer?, length: Int, topic: OpaquePointer) -> Int32 {
        let partition = function(topic, key, length, partitionCount, nil, nil)
        return partition >= 0 && partition < partitionCount ? partition : KafkaPartition.any
    }
}
