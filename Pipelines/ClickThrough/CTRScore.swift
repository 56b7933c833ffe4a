import Slipstream

/// The click-through score of one impression, as written to `ctr-scores`:
/// `{"id":"i-1","score":0.043,"model_version":5120}`.
public struct CTRScore: Sendable, PayloadEncodable {
    public var id: String
    /// The impression's user: the message key.
    public var user: String
    /// The predicted probability of a click.
    public var score: Double
    /// Examples the serving model had learnt.
    public var modelVersion: Int64

    /// The score message of a scored impression.
    public init(_ scored: Scored<Impression>) {
        id = scored.event.id
        user = scored.event.user
        score = scored.score
        modelVersion = scored.modelVersion
    }

    public func encodePayload(into bytes: inout [UInt8]) {
        JSONObjectWriter.write(into: &bytes) { object in
            object.field("id", id)
            object.field("score", score)
            object.field("model_version", modelVersion)
        }
    }
}
