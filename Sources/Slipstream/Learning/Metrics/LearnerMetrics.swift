import Foundation
import SlipstreamGrid
import SlipstreamLearn

/// Progressive validation of one learner on a stream with delayed labels: every example is scored when it is
/// served and judged when its label comes, so the figures say how the model did live.
///
/// Binary (logistic) learners get log loss and ROC AUC over the whole stream and over the recent window;
/// regression (linear) learners get MAE and RMSE. Memory is bounded (see ``BinnedROCAUC``), and the state is
/// saved in snapshots.
@usableFromInline
struct LearnerMetrics: Sendable {
    /// Whether targets are classes 0 / 1.
    let isBinary: Bool
    /// Examples judged.
    private(set) var count: Int64 = 0
    /// Sum of the log losses (binary) or squared errors (regression).
    private(set) var lossSum = 0.0
    /// Sum of the absolute errors.
    private(set) var absoluteErrorSum = 0.0
    private(set) var auc = BinnedROCAUC()
    private(set) var recent: RecentOutcomes

    init(isBinary: Bool, recentWindow: Int) {
        self.isBinary = isBinary
        self.recent = RecentOutcomes(window: recentWindow)
    }

    /// Judges the score served for an example whose target is now known.
    @usableFromInline
    mutating func record(score: Double, target: Double) {
        guard score.isFinite, target.isFinite else { return }
        count += 1
        absoluteErrorSum += abs(score - target)
        if isBinary {
            let label = target > 0.5
            lossSum += LogLoss.loss(probability: score, label: label)
            auc.update(probability: score, label: label)
        } else {
            lossSum += (score - target) * (score - target)
        }
        recent.append(score: score, target: target)
    }

    var logLoss: Double { isBinary && count > 0 ? lossSum / Double(count) : .nan }
    var rocAUC: Double { isBinary ? auc.value : .nan }
    var recentLogLoss: Double { isBinary ? recent.logLoss : .nan }
    var recentROCAUC: Double { isBinary ? recent.auc : .nan }
    var meanAbsoluteError: Double { count > 0 ? absoluteErrorSum / Double(count) : .nan }
    var rootMeanSquaredError: Double { !isBinary && count > 0 ? (lossSum / Double(count)).squareRoot() : .nan }
}

extension LearnerMetrics: BinaryCodable {
    private static let version: UInt8 = 1

    @usableFromInline
    func encode(to writer: inout BinaryWriter) {
        writer.write(Self.version)
        writer.write(isBinary ? 1 as UInt8 : 0)
        writer.write(count)
        writer.write(lossSum)
        writer.write(absoluteErrorSum)
        auc.encode(to: &writer)
        recent.encode(to: &writer)
    }

    @usableFromInline
    init(from reader: inout BinaryReader) throws(GridCodecError) {
        let version = try reader.read(UInt8.self)
        guard version == Self.version else {
            throw .unsupportedVersion(found: Int(version), supported: Int(Self.version)...Int(Self.version))
        }
        let isBinary = try reader.read(UInt8.self) == 1
        let count = try reader.read(Int64.self)
        let lossSum = try reader.read(Double.self)
        let absoluteErrorSum = try reader.read(Double.self)
        let auc = try BinnedROCAUC(from: &reader)
        let recent = try RecentOutcomes(from: &reader)
        self.init(isBinary: isBinary, recentWindow: recent.window)
        self.count = count
        self.lossSum = lossSum
        self.absoluteErrorSum = absoluteErrorSum
        self.auc = auc
        self.recent = recent
    }
}
