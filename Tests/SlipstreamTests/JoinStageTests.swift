import Slipstream
import SlipstreamEngine
import SlipstreamGrid
import SlipstreamTestKit
import Testing

@testable import Slipstream

struct Prediction: Sendable, Hashable {
    var id: Int
    var time: Int64
}

struct Label: Sendable, Hashable {
    var predictionID: Int
    var time: Int64
}

/// `items` reordered so that each is at most `disorder` ms behind the highest time before it.
func shuffled<T>(_ items: [T], time: (T) -> Int64, disorder: Int64, using random: inout SeededGenerator) -> [T] {
    items.map { ($0, time($0) + Int64.random(in: 0...disorder, using: &random)) }
        .sorted { $0.1 < $1.1 }
        .map(\.0)
}

@Suite struct JoinStageTests {
    @Test func predictionsJoinTheirLabelsOutOfOrderAndTheUnmatchedAreReported() throws {
        var random = SeededGenerator(seed: 42)
        let bound: Int64 = 1_000
        let count = 3_000
        let predictions = (0..<count).map { Prediction(id: $0, time: 10_000 + Int64($0) * 7) }
        // Labels come before or after their prediction, some outside the bound, some never.
        let labels: [Label] = predictions.compactMap { p in
            guard p.id % 9 != 0 else { return nil }
            return Label(predictionID: p.id, time: p.time + Int64.random(in: -1_400...1_400, using: &random))
        }
        let predictionStream = shuffled(predictions, time: \.time, disorder: 200, using: &random)
        let labelStream = shuffled(labels, time: \.time, disorder: 200, using: &random)

        let matched = Collector<[Int]>()
        let unmatchedPredictions = Collector<Int>()
        let unmatchedLabels = Collector<Int>()
        let pipeline = Pipeline("prediction-label") { p in
            let served = p.read(.sequence(predictionStream), name: "predictions")
                .timestamps(\.time, allowedLateness: .milliseconds(400))
            let labelled = p.read(.sequence(labelStream), name: "labels")
                .timestamps(\.time, allowedLateness: .milliseconds(400))
            served.grouped(by: \.id)
                .join(
                    labelled.grouped(by: \.predictionID), within: .within(.milliseconds(bound)), time: \.time,
                    otherTime: \.time, unmatched: .emit
                )
                .peek { output in
                    switch output {
                    case .matched(let key, let left, _, let right, _):
                        matched.append(contentsOf: [[key, left.id, right.predictionID]])
                    case .unmatchedLeft(let key, _, _): unmatchedPredictions.append(contentsOf: [key])
                    case .unmatchedRight(let key, _, _): unmatchedLabels.append(contentsOf: [key])
                    }
                }
                .write(.collect(into: Collector()))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2, job: JobConfig(defaultParallelism: 3)))
        try job.waitForCompletion()

        let fitting = Set(labels.filter { abs($0.time - predictions[$0.predictionID].time) <= bound }.map(\.predictionID))
        #expect(matched.items.allSatisfy { $0[0] == $0[1] && $0[1] == $0[2] })
        #expect(Set(matched.items.map { $0[0] }) == fitting)
        #expect(matched.count == fitting.count)
        #expect(unmatchedPredictions.items.sorted() == predictions.map(\.id).filter { !fitting.contains($0) })
        #expect(unmatchedLabels.items.sorted() == labels.map(\.predictionID).filter { !fitting.contains($0) }.sorted())
        let counters = job.metrics[vertex: "join"]?.counters ?? [:]
        #expect(counters[JoinCounterNames.matched] == fitting.count)
        #expect(counters[JoinCounterNames.unmatchedLeft] == count - fitting.count)
        #expect(counters[JoinCounterNames.unmatchedRight] == labels.count - fitting.count)
    }

    @Test func unmatchedAreOnlyCountedByDefault() throws {
        let predictions = (0..<100).map { Prediction(id: $0, time: Int64($0) * 10) }
        let labels = predictions.filter { $0.id % 2 == 0 }.map { Label(predictionID: $0.id, time: $0.time + 50) }
        let collector = Collector<Int>()
        let pipeline = Pipeline("count-unmatched") { p in
            let served = p.read(.sequence(predictions), name: "predictions").timestamps(\.time)
            let labelled = p.read(.sequence(labels), name: "labels").timestamps(\.time)
            served.grouped(by: \.id)
                .join(labelled.grouped(by: \.predictionID), within: .rightFollows(within: .milliseconds(100)),
                      time: \.time, otherTime: \.time)
                .map { output -> Int in
                    guard case .matched(let key, _, _, _, _) = output else { return -1 }
                    return key
                }
                .write(.collect(into: collector))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2))
        try job.waitForCompletion()
        #expect(collector.items.sorted() == labels.map(\.predictionID))
        #expect(job.metrics[vertex: "join"]?.counters[JoinCounterNames.unmatchedLeft] == 50)
    }

    @Test func eitherSideMayComeFirstAndStateSurvivesSnapshots() throws {
        // Left values are prediction ids, right values label ids; the key is the id itself.
        typealias Join = JoinProcessor<Int, Int, Int>
        let snapshotting = Join.Snapshotting.binary()
        let factory = {
            Join(
                window: .within(.milliseconds(100)), cardinality: .oneToOne, emitsUnmatched: true,
                leftKey: { $0 }, rightKey: { $0 }, leftTime: { Int64($0) * 10 }, rightTime: { Int64($0) * 10 + 5 },
                snapshotting: snapshotting)
        }
        try verifyProcessor(factory)
            .input(events: [
                .item(.right(2)),  // the label first
                .item(.left(1)),
                .item(.left(2)),  // matches the waiting label
                .item(.right(1)),  // matches the waiting prediction
                .item(.left(3)),
                .watermark(1_000),  // prediction 3 never got its label
                .item(.right(7)),  // a label arriving after its bound: unmatched at once
            ])
            .verify { outputs in
                let rendered = outputs[0].compactMap(\.item).map { output -> String in
                    switch output {
                    case .matched(let key, _, _, _, _): "matched \(key)"
                    case .unmatchedLeft(let key, _, _): "left \(key)"
                    case .unmatchedRight(let key, _, _): "right \(key)"
                    }
                }
                try #require(rendered == ["matched 2", "matched 1", "left 3", "right 7"])
            }
    }
}
