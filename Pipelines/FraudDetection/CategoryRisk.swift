import Slipstream

/// The fraud record of one merchant category (MCC), learnt from labelled payments: how many payments of the
/// category got their label, and how many of them were fraud. It is the state behind the pipeline's
/// merchant-category target encoding, kept in a grid map partitioned by category.
///
/// The encoding is leak-free by construction: a payment only counts once its label is known (a fraud
/// chargeback, or the label window closing without one), which is always after the payment itself was scored.
public struct CategoryRisk: Sendable, Hashable {
    /// Labelled payments of the category.
    public internal(set) var labelled: Int64 = 0
    /// Those that were fraud.
    public internal(set) var frauds: Int64 = 0

    /// A category with no labelled payment yet.
    public init() {}

    /// Adds one labelled payment.
    public mutating func record(fraud: Bool) {
        labelled += 1
        if fraud { frauds += 1 }
    }

    /// Whether the encoding after the label just recorded is worth sending on to the payments being scored: after
    /// a fraud (the rate jumps), and after a genuine label once per `labelled / 128` of them. A genuine label
    /// moves the rate by about `rate / labelled`, so the rate payments are scored with trails the exact one by
    /// under 1% of itself, far inside its own sampling noise, while a busy category sends a few hundred updates
    /// per doubling of its labels instead of one per label.
    public func isWorthPublishing(afterFraud fraud: Bool) -> Bool {
        fraud || labelled % max(1, labelled >> 7) == 0
    }

    /// The smoothed fraud rate: `(frauds + smoothing * prior) / (labelled + smoothing)`, so a category with few
    /// labels stays near `prior` instead of jumping to 0 or 1.
    public func encoded(prior: Double, smoothing: Double) -> Double {
        let denominator = Double(labelled) + smoothing
        return denominator > 0 ? (Double(frauds) + smoothing * prior) / denominator : prior
    }
}

/// Category records go into snapshots with the rest of the pipeline's state.
extension CategoryRisk: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(labelled)
        writer.write(frauds)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        labelled = try reader.read(Int64.self)
        frauds = try reader.read(Int64.self)
        guard labelled >= 0, (0...labelled).contains(frauds) else {
            throw .invalid("a category's record has \(frauds) frauds among \(labelled) labelled payments")
        }
    }
}
