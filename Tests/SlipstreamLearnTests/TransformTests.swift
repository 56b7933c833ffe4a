import Foundation
import SlipstreamLearn
import SlipstreamTestKit
import Testing

@Suite struct TransformTests {
    static let values: [Double] = {
        var rng = SeededGenerator(seed: 21)
        return (0..<2000).map { _ in rng.normal() * 4 + 10 }
    }()

    @Test func standardScalerMatchesTwoPassStatistics() {
        var s = StandardScaler(features: 1)
        for v in Self.values { s.learn(v, feature: 0) }
        let mean = Self.values.reduce(0, +) / Double(Self.values.count)
        let variance = Self.values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(Self.values.count)
        #expect(abs(s.mean(feature: 0) - mean) < 1e-9)
        #expect(abs(s.variance(feature: 0) - variance) < 1e-9)
        #expect(abs(s.transform(mean + variance.squareRoot(), feature: 0) - 1) < 1e-9)
        var fresh = StandardScaler(features: 1)
        fresh.learn(5, feature: 0)
        #expect(fresh.transform(5, feature: 0) == 0)
    }

    @Test func standardScalerIgnoresValuesThatWouldOverflow() {
        var s = StandardScaler(features: 1)
        for v in [1.0, 2, 3] { s.learn(v, feature: 0) }
        s.learn(1e308, feature: 0)
        s.learn(-1e308, feature: 0)
        #expect(s.mean(feature: 0).isFinite && s.moments[0].count >= 3)
        #expect(s.transform(2, feature: 0).isFinite)
    }

    @Test func minMaxScalerMapsTheSeenRangeToUnit() {
        var s = MinMaxScaler(features: 1)
        for v in [3.0, -1, 7] { s.learn(v, feature: 0) }
        #expect(s.transform(-1, feature: 0) == 0)
        #expect(s.transform(7, feature: 0) == 1)
        #expect(s.transform(3, feature: 0) == 0.5)
        #expect(s.transform(100, feature: 0) == 1)
    }

    @Test func imputerUsesTheRunningMeanOfPresentValues() {
        var m = MissingValueImputer(features: 1)
        _ = m.impute(2, feature: 0)
        _ = m.impute(4, feature: 0)
        let (v, missing) = m.impute(nil, feature: 0)
        #expect(v == 3 && missing)
        let (w, nan) = m.impute(.nan, feature: 0)
        #expect(w == 3 && nan && m.stats[0].missing == 2)
    }

    @Test func quantileSketchEstimatesQuantiles() {
        var sketch = QuantileSketch(maxBins: 64)
        for v in Self.values { sketch.add(v) }
        let sorted = Self.values.sorted()
        for q in [0.1, 0.5, 0.9] {
            let exact = sorted[Int(q * Double(sorted.count))]
            // Within 3% of the spread (the sketch keeps 64 centroids for 2000 values).
            #expect(abs(sketch.quantile(q)! - exact) < 0.03 * (sorted.last! - sorted.first!), "q \(q)")
        }
    }

    @Test func bucketizerWithFixedEdges() throws {
        let b = try Bucketizer(.fixed([0, 10, 20]))
        #expect([-5.0, 0, 9.9, 10, 25].map(b.bucket) == [0, 1, 1, 2, 3])
        #expect(b.bucketCount == 4)
        #expect(throws: FeatureSpecError.self) { try Bucketizer(.fixed([1, 1])) }
    }

    @Test func bucketizerWithQuantileEdgesSplitsEvenly() throws {
        var b = try Bucketizer(.quantiles(buckets: 4), refreshEvery: 100)
        for v in Self.values { b.learn(v) }
        var counts = [0, 0, 0, 0]
        for v in Self.values { counts[b.bucket(v)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 500) < 80 }, "\(counts)")
    }

    @Test func targetEncoderSmoothsTowardsThePrior() {
        var t = TargetEncoder(smoothing: 2)
        let a = TargetEncoder.key("a"), b = TargetEncoder.key("b")
        t.learn(key: a, target: 1)
        t.learn(key: a, target: 1)
        t.learn(key: b, target: 0)
        t.learn(key: b, target: 0)
        // prior 0.5; a: (2 + 2 * 0.5) / (2 + 2) = 0.75
        #expect(t.encode(key: a) == 0.75)
        #expect(t.encode(key: b) == 0.25)
        #expect(t.encode(key: TargetEncoder.key("never")) == 0.5)
    }

    @Test func oneHotFallsBackToHashingBeyondItsCapacity() throws {
        let spec = FeatureSpec(categorical: [.init("c", encoding: .oneHot(maxCategories: 2))], hashBits: 18)
        var e = try FeatureEncoder(spec: spec)
        var x = e.makeVector()
        var indices: [UInt32] = []
        for v in ["a", "b", "c", "a"] {
            e.begin(&x)
            e.addCategorical(0, v, to: &x)
            e.finish(&x)
            indices.append(x.entries[0].index)
        }
        #expect(indices[0] == 1 << 18 && indices[1] == (1 << 18) + 1)
        #expect(indices[2] < 1 << 18)
        #expect(indices[3] == indices[0])
    }

    @Test func transformsSurviveSnapshots() {
        let probe = Array(Self.values.prefix(50))
        let learnt = Array(Self.values.dropFirst(50))
        #expect(TransformConformance.snapshotRoundTrip(StandardScaler(features: 1), values: learnt, probe: probe,
                                                       learn: { $0.learn($1, feature: 0) }, output: { $0.transform($1, feature: 0) }).isEmpty)
        #expect(TransformConformance.snapshotRoundTrip(MinMaxScaler(features: 1), values: learnt, probe: probe,
                                                       learn: { $0.learn($1, feature: 0) }, output: { $0.transform($1, feature: 0) }).isEmpty)
        #expect(TransformConformance.snapshotRoundTrip(try! Bucketizer(.quantiles(buckets: 8), refreshEvery: 10), values: learnt,
                                                       probe: probe, learn: { $0.learn($1) }, output: { Double($0.bucket($1)) }).isEmpty)
        #expect(TransformConformance.snapshotRoundTrip(MissingValueImputer(features: 1), values: learnt, probe: probe,
                                                       learn: { _ = $0.impute($1, feature: 0) }, output: { imputer, _ in var m = imputer; return m.impute(nil, feature: 0, learn: false).value }).isEmpty)
        #expect(TransformConformance.snapshotRoundTrip(TargetEncoder(smoothing: 3), values: learnt, probe: probe,
                                                       learn: { $0.learn(key: UInt64(abs($1.rounded())), target: $1 > 10 ? 1 : 0) },
                                                       output: { $0.encode(key: UInt64(abs($1.rounded()))) }).isEmpty)
    }

    @Test func aFullEncoderSurvivesSnapshots() {
        let spec = FeatureSpec(
            numeric: [.init("a"), .init("b", scaling: .minMax, buckets: .quantiles(4)), .init("c", scaling: .none)],
            categorical: [.init("x"), .init("y", encoding: .oneHot(maxCategories: 3)), .init("z", encoding: .target(smoothing: 5))],
            crosses: [.init("x", "y"), .init("a", "z")], hashBits: 18)
        var rng = SeededGenerator(seed: 8)
        var rows: [(numeric: [Double?], categorical: [String?])] = []
        for i in 0..<400 {
            let b: Double? = i % 7 == 0 ? nil : rng.normal()
            let numeric: [Double?] = [rng.normal(), b, Double(i % 5)]
            let z: String? = i % 9 == 0 ? nil : "t\(i % 4)"
            let categorical: [String?] = ["v\(i % 11)", "w\(i % 5)", z]
            rows.append((numeric, categorical))
        }
        #expect(TransformConformance.encoderRoundTrip(spec, rows: rows).isEmpty)
    }

    /// The one-call row form gives exactly the vectors of one call per field, missing values included.
    @Test func addingARowEqualsAddingEachField() throws {
        let spec = FeatureSpec(numeric: (0..<5).map { FeatureSpec.Numeric("n\($0)") }, hashBits: 18)
        var one = try FeatureEncoder(spec: spec), row = try FeatureEncoder(spec: spec)
        var x = one.makeVector(), y = row.makeVector()
        var rng = SeededGenerator(seed: 12)
        for i in 0..<600 {
            let values: [Double] = (0..<5).map { k in (i + k) % 13 == 0 ? .nan : rng.normal() * Double(k + 1) }
            one.begin(&x)
            for (k, v) in values.enumerated() { one.addNumeric(k, v.isNaN ? nil : v, to: &x) }
            one.finish(&x)
            row.begin(&y)
            values.withUnsafeBufferPointer { row.addNumerics($0, to: &y) }
            row.finish(&y)
            #expect(x.entries == y.entries, "row \(i)")
        }
    }

    /// A snapshot whose state does not fit its specification is rejected rather than decoded into an encoder that
    /// would index out of range later.
    @Test func anInconsistentEncoderSnapshotIsRejected() throws {
        let spec = FeatureSpec(numeric: [.init("a"), .init("b")], categorical: [.init("c", encoding: .oneHot(maxCategories: 2))], hashBits: 18)
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(try FeatureEncoder(spec: spec))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var spec2 = try #require(object["spec"] as? [String: Any])
        spec2["numeric"] = [(spec2["numeric"] as! [Any])[0]]
        object["spec"] = spec2
        let tampered = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try decoder.decode(FeatureEncoder.self, from: tampered) }
        #expect(try decoder.decode(FeatureEncoder.self, from: data).denseSlots == FeatureEncoder(spec: spec).denseSlots)
    }

    @Test func specValidationNamesTheProblem() {
        #expect(throws: FeatureSpecError.duplicateField("a")) {
            try FeatureSpec(numeric: [.init("a")], categorical: [.init("a")]).validate()
        }
        #expect(throws: FeatureSpecError.unknownCrossField("q")) {
            try FeatureSpec(numeric: [.init("a")], crosses: [.init("a", "q")]).validate()
        }
        #expect(throws: FeatureSpecError.bitsOutOfRange(30)) { try FeatureSpec(numeric: [.init("a")], hashBits: 30).validate() }
    }
}
