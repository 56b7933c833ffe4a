import SlipstreamGrid

/// 1M predictions and their labels, each label after a random delay, arriving interleaved and out of order by
/// up to `disorder`; a fraction of labels never arrives. Measures the join buffer a delayed-label stage uses:
/// offers, watermark steps and the hand-out of unmatched predictions.
struct JoinBenchmark {
    struct Event {
        var id: Int
        var time: Int64
        var isPrediction: Bool
    }

    let events: [Event]
    let predictions: Int
    let labels: Int
    let disorder: Int64 = 100
    let bound: Int64 = 10_000

    init(predictions: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var events: [(event: Event, arrival: Int64)] = []
        events.reserveCapacity(predictions * 2)
        var labels = 0
        for id in 0..<predictions {
            let time = Int64(id / 100)                               // 100 predictions per millisecond
            events.append((Event(id: id, time: time, isPrediction: true), time + Int64(rng.next() % 100)))
            guard rng.next() % 100 >= 5 else { continue }            // 5 % of labels never come
            let labelTime = time + Int64(rng.next() % 5_000)         // delay 0 to 5 s
            events.append((Event(id: id, time: labelTime, isPrediction: false), labelTime + Int64(rng.next() % 100)))
            labels += 1
        }
        events.sort { $0.arrival < $1.arrival }
        self.events = events.map(\.event)
        self.predictions = predictions
        self.labels = labels
    }

    /// Returns matched pairs per second of wall time, the matched count and the unmatched count.
    func run() -> (joinsPerSecond: Double, matched: Int64, unmatched: Int64) {
        let buffer = StreamJoinBuffer<Int, Double, Bool>(window: .rightFollows(within: .milliseconds(bound)))
        var checksum = 0.0
        let emit = { (output: JoinOutput<Int, Double, Bool>) in
            switch output {
            case let .matched(_, score, _, label, _): checksum += label ? score : -score
            case let .unmatchedLeft(_, score, _): checksum += score * 0.5
            case .unmatchedRight: checksum -= 1
            }
        }
        let start = monotonicSeconds()
        var newest = Int64.min
        for (i, event) in events.enumerated() {
            if event.isPrediction {
                buffer.offerLeft(Double(event.id & 1023) / 1024, key: event.id, time: event.time, emit: emit)
            } else {
                buffer.offerRight(event.id & 3 == 0, key: event.id, time: event.time, emit: emit)
            }
            newest = max(newest, event.time)
            if i & 1023 == 1023 { buffer.advanceWatermark(to: newest - disorder, emit: emit) }
        }
        buffer.advanceWatermark(to: .max, emit: emit)
        let seconds = monotonicSeconds() - start
        precondition(checksum.isFinite)
        return (Double(buffer.matchedCount) / seconds, buffer.matchedCount, buffer.unmatchedLeftCount)
    }
}
