import Foundation
import SlipstreamGrid
import SlipstreamLearn

/// The last `window` (score, target) pairs of a learner, in a ring: the "recent" half of its progressive
/// metrics (log loss or absolute error, and the exact AUC of the window, computed when read).
struct RecentOutcomes: Sendable {
    let window: Int
    private var scores: [Double] = []
    private var targets: [Double] = []
    private var next = 0

    init(window: Int) {
        precondition(window > 0, "a recent window needs at least one event")
        self.window = window
    }

    var count: Int { scores.count }

    mutating func append(score: Double, target: Double) {
        if scores.count < window {
            scores.append(score)
            targets.append(target)
        } else {
            scores[next] = score
            targets[next] = target
            next = next + 1 == window ? 0 : next + 1
        }
    }

    /// Mean log loss of the window, reading scores as probabilities of class 1.
    var logLoss: Double {
        guard !scores.isEmpty else { return .nan }
        var sum = 0.0
        for i in scores.indices { sum += LogLoss.loss(probability: scores[i], label: targets[i] > 0.5) }
        return sum / Double(scores.count)
    }

    /// Mean absolute error of the window.
    var meanAbsoluteError: Double {
        guard !scores.isEmpty else { return .nan }
        var sum = 0.0
        for i in scores.indices { sum += abs(scores[i] - targets[i]) }
        return sum / Double(scores.count)
    }

    /// Exact ROC AUC of the window (NaN until it holds both classes); sorts the window, so it is read at the
    /// figures' pace, not per event.
    var auc: Double {
        var order = Array(scores.indices)
        order.sort { scores[$0] < scores[$1] }
        var positives = 0.0, negatives = 0.0, area = 0.0
        var i = 0
        while i < order.count {
            var j = i
            var tiedPositives = 0.0, tiedNegatives = 0.0
            while j < order.count, scores[order[j]] == scores[order[i]] {
                if targets[order[j]] > 0.5 { tiedPositives += 1 } else { tiedNegatives += 1 }
                j += 1
            }
            area += tiedPositives * (negatives + 0.5 * tiedNegatives)
            positives += tiedPositives
            negatives += tiedNegatives
            i = j
        }
        return positives > 0 && negatives > 0 ? area / (positives * negatives) : .nan
    }
}

extension RecentOutcomes: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.writeLength(window)
        writer.writeLength(scores.count)
        // Oldest first, so that a restored ring continues in the same order.
        for k in 0..<scores.count {
            let i = (next + k) % scores.count
            writer.write(scores[i])
            writer.write(targets[i])
        }
    }

    init(from reader: inout BinaryReader) throws(GridCodecError) {
        let window = try reader.readLength(minimumBytesEach: 0)
        let count = try reader.readLength(minimumBytesEach: 16)
        guard window >= 1, count <= window else { throw .invalid("a recent window of \(count) / \(window) events") }
        self.init(window: window)
        scores.reserveCapacity(count)
        targets.reserveCapacity(count)
        for _ in 0..<count {
            scores.append(try reader.read(Double.self))
            targets.append(try reader.read(Double.self))
        }
    }
}
