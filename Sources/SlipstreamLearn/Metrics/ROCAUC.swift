/// Exact ROC AUC over the whole stream: the probability that a random positive scores above a random negative,
/// ties counting one half (the same value as scikit-learn's `roc_auc_score`).
///
/// Exact means no binning: scores are kept as a sorted run of distinct values with their positive and negative
/// counts, and new scores are buffered and merged into it in batches, so memory is the number of distinct scores
/// and an update costs O(1) amortized plus O(log n) per merged score.
public struct ROCAUC: Codable, Hashable, Sendable {
    /// One distinct score and how many positives and negatives had it.
    public struct Entry: Codable, Hashable, Sendable {
        public var score: Double
        public var positives: Int
        public var negatives: Int
    }

    /// The merged run, ascending by score.
    public private(set) var merged: [Entry] = []
    private var pendingScores: [Double] = []
    private var pendingLabels: [Bool] = []
    /// Positives seen.
    public private(set) var positives = 0
    /// Negatives seen.
    public private(set) var negatives = 0
    private let mergeEvery: Int

    /// Creates the metric; scores are merged every `mergeEvery` events.
    public init(mergeEvery: Int = 1 << 16) {
        self.mergeEvery = max(1, mergeEvery)
        pendingScores.reserveCapacity(self.mergeEvery)
        pendingLabels.reserveCapacity(self.mergeEvery)
    }

    /// Adds one score and its label.
    public mutating func update(score: Double, label: Bool) {
        guard !score.isNaN else { return }
        pendingScores.append(score)
        pendingLabels.append(label)
        if label { positives += 1 } else { negatives += 1 }
        // Merging costs the size of the run, so the buffer may grow with it: amortized O(log n) per score.
        if pendingScores.count >= max(mergeEvery, merged.count / 2) { merge() }
    }

    /// Folds the buffered scores into the sorted run.
    public mutating func merge() {
        guard !pendingScores.isEmpty else { return }
        merged = Self.merge(merged, pendingScores, pendingLabels)
        pendingScores.removeAll(keepingCapacity: true)
        pendingLabels.removeAll(keepingCapacity: true)
    }

    static func merge(_ run: [Entry], _ scores: [Double], _ labels: [Bool]) -> [Entry] {
        let batch = sortedEntries(scores, labels)
        var out: [Entry] = []
        out.reserveCapacity(run.count + batch.count)
        var a = 0, b = 0
        while a < run.count || b < batch.count {
            if b == batch.count || (a < run.count && run[a].score < batch[b].score) {
                out.append(run[a]); a += 1
            } else if a == run.count || batch[b].score < run[a].score {
                out.append(batch[b]); b += 1
            } else {
                out.append(Entry(score: run[a].score, positives: run[a].positives + batch[b].positives,
                                 negatives: run[a].negatives + batch[b].negatives))
                a += 1; b += 1
            }
        }
        return out
    }

    /// The AUC of a sorted run of distinct scores.
    static func auc(_ run: [Entry]) -> Double {
        var p = 0, n = 0
        var area = 0.0
        for e in run {
            area += Double(e.positives) * (Double(n) + 0.5 * Double(e.negatives))
            n += e.negatives
            p += e.positives
        }
        return p > 0 && n > 0 ? area / (Double(p) * Double(n)) : .nan
    }

    /// The AUC so far (NaN until both classes were seen).
    public var value: Double {
        pendingScores.isEmpty ? Self.auc(merged) : Self.auc(Self.merge(merged, pendingScores, pendingLabels))
    }
}
