import SlipstreamJSON

/// A score as the fraud pipeline writes it to `fraud-scores`.
@JSONEvent
struct ScoreMessage: Decodable {
    var id: String
    var score: Double
    var modelVersion: Int64
    var reasons: [String]
    var latencyMs: Double

    enum CodingKeys: String, CodingKey {
        case id, score, reasons
        case modelVersion = "model_version"
        case latencyMs = "latency_ms"
    }
}
