import Foundation
import Slipstream
import SlipstreamTelemetry

/// The score of one payment, as written to `fraud-scores`:
/// `{"id":"p-1","score":0.031,"model_version":1234,"reasons":["mcc=5411","amount_z"],"latency_ms":0.42}`.
///
/// `model_version` counts the examples the serving model had learnt; `reasons` are the features that pushed
/// the score up most (`name=value` for categoricals, `a*b=x*y` for crosses); `latency_ms` is the time from the
/// moment the pipeline read the payment from Kafka to the moment its score was ready to send.
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
        let received = scored.event.payment.receivedAt
        if received > 0 {
            let micros = max(0, WallClock.microseconds() - received)
            latencyMilliseconds = Double(micros) / 1_000
            // The process-wide histogram behind the progress line's p50/p99 and the Prometheus series.
            LatencyHistogram.eventToScore.record(nanoseconds: micros * 1_000)
        } else {
            latencyMilliseconds = 0
        }
    }

    public func encodePayload(into bytes: inout [UInt8]) {
        JSONObjectWriter.write(into: &bytes) { object in
            object.field("id", id)
            object.field("score", score)
            object.field("model_version", modelVersion)
            object.rawField("reasons", json: Self.jsonArray(reasons))
            object.field("latency_ms", latencyMilliseconds)
        }
    }

    /// `["a","b"]`, with the strings escaped as JSON requires.
    static func jsonArray(_ strings: [String]) -> String {
        var text = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
        return text + "]"
    }
}
