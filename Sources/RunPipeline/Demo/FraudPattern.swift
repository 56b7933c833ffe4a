/// The kinds of fraud the demo's generator commits. Each is active in its own part of the demo, so the model
/// has to keep learning: what it learnt about the first pattern does not catch the last one.
enum FraudPattern: Int, CaseIterable, Sendable {
    /// A stolen card used for several large online purchases abroad within minutes.
    case cardBurst
    /// A fraud ring paying gambling merchants with many different cards (the middle of the demo).
    case riskyMerchant
    /// Stolen card numbers tested with tiny payments at many digital-goods merchants, then cashed out
    /// (the new pattern of the last part of the demo).
    case cardTesting

    var title: String {
        switch self {
        case .cardBurst: "bursts on compromised cards"
        case .riskyMerchant: "fraud ring at gambling merchants"
        case .cardTesting: "card testing, then cash-out (new)"
        }
    }

    /// New incidents per 1,000 payments at `progress` (0 at the start of the demo's event time, 1 at its end).
    func incidentsPerThousand(at progress: Double) -> Double {
        switch self {
        case .cardBurst: progress < 0.45 ? 1.2 : 0.4
        case .riskyMerchant: (0.3..<0.8).contains(progress) ? 3.5 : 0
        case .cardTesting: progress >= 0.6 ? 0.9 : 0
        }
    }
}
