import Foundation
import SlipstreamLearn

/// The checks every feature transform must pass: its state survives a snapshot (a `Codable` round trip) with
/// identical outputs afterwards, and it is deterministic.
public enum TransformConformance {
    /// Feeds `values` through `learn`, snapshots with JSON, then feeds `probe` through both copies: `transform`
    /// outputs must be identical, before and after both learn on.
    public static func snapshotRoundTrip<T: Codable>(
        _ transform: T, values: [Double], probe: [Double],
        learn: (inout T, Double) -> Void, output: (T, Double) -> Double
    ) -> [String] {
        var original = transform
        for v in values { learn(&original, v) }
        do {
            let data = try JSONEncoder.snapshot.encode(original)
            var restored = try JSONDecoder.snapshot.decode(T.self, from: data)
            for (i, v) in probe.enumerated() {
                let a = output(original, v), b = output(restored, v)
                if a.bitPattern != b.bitPattern && !(a.isNaN && b.isNaN) {
                    return ["probe \(i) (\(v)): \(a) before, \(b) after the snapshot"]
                }
                learn(&original, v)
                learn(&restored, v)
            }
            return []
        } catch {
            return ["\(error)"]
        }
    }

    /// An encoder's snapshot (every transform of a `FeatureSpec` at once) encodes the same vectors afterwards.
    public static func encoderRoundTrip(_ spec: FeatureSpec, rows: [(numeric: [Double?], categorical: [String?])]) -> [String] {
        do {
            var original = try FeatureEncoder(spec: spec)
            var x = original.makeVector()
            let half = rows.count / 2
            func encode(_ e: inout FeatureEncoder, _ row: (numeric: [Double?], categorical: [String?]), _ x: inout FeatureVector) {
                e.begin(&x)
                for (i, v) in row.numeric.enumerated() { e.addNumeric(i, v, to: &x) }
                for (j, v) in row.categorical.enumerated() { e.addCategorical(j, v, to: &x) }
                e.finish(&x)
                e.learnTarget(Double(x.count % 2))
            }
            for row in rows[..<half] { encode(&original, row, &x) }
            var restored = try JSONDecoder.snapshot.decode(FeatureEncoder.self, from: JSONEncoder.snapshot.encode(original))
            var y = restored.makeVector()
            for (i, row) in rows[half...].enumerated() {
                encode(&original, row, &x)
                encode(&restored, row, &y)
                if x.entries != y.entries { return ["row \(half + i): different features after the snapshot"] }
            }
            return []
        } catch {
            return ["\(error)"]
        }
    }
}

extension JSONEncoder {
    /// JSON that keeps infinities (min-max scalers start at ±infinity).
    static var snapshot: JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }
}

extension JSONDecoder {
    static var snapshot: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}
