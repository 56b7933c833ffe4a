import Foundation
import Slipstream
import SlipstreamLearn
import Testing

@testable import SlipstreamPipelines

/// The score message the fraud pipeline's sink writes.
@Suite struct FraudScoreTests {
    static func scored(receivedAt: Int64, reasons: [ScoreReason]) -> Scored<PaymentContext> {
        var payment = Payment(
            id: "p-7", card: "c-1", merchant: "m-2", mcc: "5411", country: "DE", channel: "pos", amount: 12.5,
            time: 1_700_000_000_000)
        payment.receivedAt = receivedAt
        return Scored(
            event: PaymentContext(payment: payment, card: CardSignals()), score: 0.031_234_5,
            modelVersion: 1_234, reasons: ScoreReasons(reasons), features: FeatureVector(hashBits: 8), scoredAt: 0)
    }

    /// What the sink writes is the message `FraudScore` encodes: the same fields and values, reasons that pushed
    /// the score up only, and a latency in milliseconds from the time the payment was read.
    @Test func theSinksBytesAreTheMessage() throws {
        let reasons = [
            ScoreReason(feature: "mcc", value: "5411", contribution: 0.8),
            ScoreReason(feature: "amount_z", contribution: 0.2),
            ScoreReason(feature: "channel", value: "pos", contribution: -0.3),
        ]
        // A payment read 2.5 ms ago: the latency written is at least that, in milliseconds.
        let scored = Self.scored(receivedAt: WallClock.microseconds() - 2_500, reasons: reasons)
        var written: [UInt8] = []
        FraudScore.write(scored, into: &written)
        let message = try #require(try JSONSerialization.jsonObject(with: Data(written)) as? [String: Any])
        #expect(message["id"] as? String == "p-7")
        #expect(message["score"] as? Double == 0.031_234_5)
        #expect(message["model_version"] as? Int == 1_234)
        #expect(message["reasons"] as? [String] == ["mcc=5411", "amount_z"])
        let latency = try #require(message["latency_ms"] as? Double)
        #expect(latency >= 2.5 && latency < 60_000)

        // Read at an unknown time (0): the same bytes as the value type's encoding, latency 0.
        let unknown = Self.scored(receivedAt: 0, reasons: reasons)
        var direct: [UInt8] = []
        FraudScore.write(unknown, into: &direct)
        var encoded: [UInt8] = []
        FraudScore(unknown).encodePayload(into: &encoded)
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
        #expect(String(decoding: direct, as: UTF8.self).hasSuffix(#""latency_ms":0.0}"#))
    }
}
