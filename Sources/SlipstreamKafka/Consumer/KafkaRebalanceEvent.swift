/// A change of a group consumer's partitions, told to the rebalance handler during `KafkaConsumer.poll`.
public enum KafkaRebalanceEvent: Sendable, Hashable {
    /// These partitions were added to the assignment; records from them follow in later batches.
    case assigned([KafkaTopicPartition])
    /// These partitions are about to be taken away in an orderly rebalance: commit what was processed now.
    case revoked([KafkaTopicPartition])
    /// These partitions were lost (session timeout, fencing): another member may own them already, so commits
    /// for them would fail.
    case lost([KafkaTopicPartition])
}

/// The outcome of a commit (asynchronous, synchronous or automatic), told to the commit handler during
/// `KafkaConsumer.poll`.
public typealias KafkaCommitResult = Result<[KafkaTopicPartitionOffset], KafkaError>
