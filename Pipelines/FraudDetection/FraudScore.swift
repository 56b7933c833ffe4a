import Foundation
import Slipstream
import SlipstreamTelemetry

/// The score of one payment, as written to `fraud-scores`:
/// `{"id":"p-1","score":0.031,"model_version":1234,"reasons":["mcc=5411","amount_z"],"latency_ms":0.42}`.
///
/// `model_version` counts the examples the serving model had learnt; `reasons` are the features that pushed
/// the score up most (`name=value` for categoricals, `a*b=x*y` for crosses); `latency_ms` is the time from the
/// moment the pipeline read the payment from Kafka to the moment its score was ready to send.
///
/// The pipeline itself writes a scored payment with ``write(_:into:)`` straight from the scoring stage's output,
/// with no message value in between; this type is the same message as a value, for code that wants one.
public struct FraudScore: Sendable, PayloadEncodable {
    public var id: String
    /// The payment's card: the message key, so a card's scores stay in order on one partition.
    public var card: String
    public var score: Double
    public var modelVersion: Int64
    public var reasons: [String]
    public var latencyMilliseconds: Double

    /// The score message of a scored payment.
    public init(_ scored: Scored<PaymentContext>) {
        id = scored.event.payment.id
        card = scored.event.payment.card
        score = scored.score
        modelVersion = scored.modelVersion
        reasons = scored.reasons.filter { $0.contribution > 0 }.map(\.label)
        latencyMilliseconds = Self.latencyMilliseconds(receivedAt: scored.event.payment.receivedAt)
    }

    public func encodePayload(into bytes: inout [UInt8]) {
        JSONObjectWriter.write(into: &bytes) { object in
            object.field("id", id)
            object.field("score", score)
            object.field("model_version", modelVersion)
            object.rawField("reasons") { bytes in
                Self.writeArray(into: &bytes, count: reasons.count) { index, bytes in
                    var reason = reasons[index]
                    reason.withUTF8 { JSONObjectWriter.appendEscaped($0, to: &bytes) }
                }
            }
            object.field("latency_ms", latencyMilliseconds)
        }
    }

    /// Writes the score message of `scored` (the same bytes as `FraudScore(scored)` encodes), building no
    /// intermediate strings: the sink's encoding, once per payment.
    public static func write(_ scored: Scored<PaymentContext>, into bytes: inout [UInt8]) {
        let latency = latencyMicroseconds(receivedAt: scored.event.payment.receivedAt)
        JSONObjectWriter.write(into: &bytes) { object in
            object.field("id", scored.event.payment.id)
            object.field("score", scored.score)
            object.field("model_version", scored.modelVersion)
            object.rawField("reasons") { bytes in
                var written = 0
                bytes.append(UInt8(ascii: "["))
                for reason in scored.reasons where reason.contribution > 0 {
                    if written > 0 { bytes.append(UInt8(ascii: ",")) }
                    written += 1
                    bytes.append(UInt8(ascii: "\""))
                    var feature = reason.feature
                    feature.withUTF8 { JSONObjectWriter.appendEscaped($0, to: &bytes) }
                    if var value = reason.value {
                        bytes.append(UInt8(ascii: "="))
                        value.withUTF8 { JSONObjectWriter.appendEscaped($0, to: &bytes) }
                    }
                    bytes.append(UInt8(ascii: "\""))
                }
                bytes.append(UInt8(ascii: "]"))
            }
            // Microseconds as milliseconds: the bytes the Double would print, without the Double printer.
            object.field("latency_ms", thousandths: latency)
        }
    }

    /// Milliseconds from `receivedAt` (microseconds since 1970; 0 for unknown) to now, recorded in the
    /// process-wide histogram behind the progress line's p50/p99 and the Prometheus series.
    static func latencyMilliseconds(receivedAt: Int64) -> Double {
        Double(latencyMicroseconds(receivedAt: receivedAt)) / 1_000
    }

    /// The same in microseconds.
    static func latencyMicroseconds(receivedAt: Int64) -> Int64 {
        guard receivedAt > 0 else { return 0 }
        let micros = max(0, WallClock.microseconds() - receivedAt)
        LatencyHistogram.eventToScore.record(nanoseconds: micros * 1_000)
        return micros
    }

    /// `[e0,e1,…]`, each element written by `element` inside quotes.
    static func writeArray(into bytes: inout [UInt8], count: Int, _ element: (Int, inout [UInt8]) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for index in 0..<count {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            element(index, &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
