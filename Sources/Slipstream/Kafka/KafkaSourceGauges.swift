import SlipstreamEngine
import SlipstreamKafka

/// The live figures one Kafka source instance keeps in its processor counters, for the progress line, the
/// metrics endpoint and `/ready`: whether its partitions are assigned, and its consumer lag per topic (the
/// records between the consumer's position and the partition's high watermark as last seen in a fetch
/// response).
///
/// The sources keep their positions in snapshots, not in the consumer group, so a group's committed lag says
/// nothing about them; this is the figure a reader of a progress line or a dashboard wants instead. It needs no
/// broker round trip (librdkafka caches the high watermark from each fetch), so the poller thread refreshes it
/// between polls. Records already handed to the instance but not yet decoded do not count as lag.
///
/// Each topic's lag is the level of the counter ``counterName(topic:)``: the instance adds the change at each
/// refresh, so the vertex's sum over its instances is the source's lag now, and it returns to zero when the
/// instance stops. The counter ``assignedInstances`` exists from the start at zero and counts the instances that
/// have their partitions, so a vertex holding it is a Kafka source, ready once it equals the parallelism.
final class KafkaSourceGauges {
    /// The prefix of the lag counters' names; the rest is the topic.
    static let counterPrefix = "consumerLag."

    /// The counter holding the lag on `topic`.
    static func counterName(topic: String) -> String { counterPrefix + topic }

    /// The counter of the vertex's instances whose partitions are assigned.
    static let assignedInstances = "kafkaInstancesAssigned"

    private let counters: ProcessorCounters
    /// Per topic: its counter and the level last added.
    private var levels: [String: (counter: Counter, level: Int)] = [:]
    private var nextRefresh = ContinuousClock.now
    private let interval: Duration

    private let assigned: Counter

    init(counters: ProcessorCounters, interval: Duration = .milliseconds(500)) {
        self.counters = counters
        self.interval = interval
        assigned = counters.counter(Self.assignedInstances)
    }

    /// The instance's partitions are assigned (its share may be none).
    func markAssigned() {
        assigned.add(1)
    }

    /// Refreshes the lag of `assignment`'s partitions if `interval` has passed since the last refresh.
    /// Partitions with no position yet (nothing read) count from the position they were assigned at: from their
    /// low watermark when assigned at the beginning, not at all when at the end, and are left out when assigned at
    /// the committed offset (unknown here).
    func refreshIfDue(consumer: KafkaConsumer, assignment: KafkaSourceAssignment) {
        let now = ContinuousClock.now
        guard now >= nextRefresh else { return }
        nextRefresh = now + interval
        guard let positions = try? consumer.position(assignment.partitions) else { return }
        var lag: [String: Int] = [:]
        for (index, position) in positions.enumerated() {
            guard let marks = consumer.cachedWatermarks(topic: position.topic, partition: position.partition) else {
                continue
            }
            var offset = position.offset
            if offset < 0 {
                // Nothing read from the partition yet: it starts where it was assigned, which for a logical start
                // is the partition's first or next offset (the whole partition is lag when reading from the
                // beginning; skipping it would hide a partition not yet reached).
                switch assignment.positions[index] {
                case KafkaOffset.beginning: offset = max(0, marks.low)
                case KafkaOffset.end: offset = marks.high
                default: offset = assignment.positions[index]
                }
            }
            guard offset >= 0 else { continue }
            lag[position.topic, default: 0] += Int(max(0, marks.high - offset))
        }
        for (topic, records) in lag { set(topic, records) }
    }

    /// Sets every topic's lag back to zero: the instance no longer reads.
    func clear() {
        for topic in levels.keys { set(topic, 0) }
    }

    private func set(_ topic: String, _ level: Int) {
        let entry = levels[topic] ?? (counters.counter(Self.counterName(topic: topic)), 0)
        entry.counter.add(level - entry.level)
        levels[topic] = (entry.counter, level)
    }
}
