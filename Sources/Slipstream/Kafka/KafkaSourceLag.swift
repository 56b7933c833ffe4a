import SlipstreamEngine
import SlipstreamKafka

/// The live consumer lag of one Kafka source instance, kept in its processor counters: per topic, the records
/// between the consumer's position and the partition's high watermark as last seen in a fetch response.
///
/// The sources keep their positions in snapshots, not in the consumer group, so a group's committed lag says
/// nothing about them; this is the figure a reader of a progress line or a dashboard wants instead. It needs no
/// broker round trip (librdkafka caches the high watermark from each fetch), so the poller thread refreshes it
/// between polls. Records already handed to the instance but not yet decoded do not count as lag.
///
/// Each topic's lag is the level of the counter ``counterName(topic:)``: the instance adds the change at each
/// refresh, so the vertex's sum over its instances is the source's lag now, and it returns to zero when the
/// instance stops.
final class KafkaSourceLag {
    /// The prefix of the lag counters' names; the rest is the topic.
    static let counterPrefix = "consumerLag."

    /// The counter holding the lag on `topic`.
    static func counterName(topic: String) -> String { counterPrefix + topic }

    private let counters: ProcessorCounters
    /// Per topic: its counter and the level last added.
    private var levels: [String: (counter: Counter, level: Int)] = [:]
    private var nextRefresh = ContinuousClock.now
    private let interval: Duration

    init(counters: ProcessorCounters, interval: Duration = .milliseconds(500)) {
        self.counters = counters
        self.interval = interval
    }

    /// Refreshes the lag of `assignment`'s partitions if `interval` has passed since the last refresh.
    /// Partitions with no position yet (nothing read) count from the position they were assigned at, when known.
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
            if offset < 0 { offset = assignment.positions[index] }
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
