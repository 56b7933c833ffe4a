import Foundation
import SlipstreamGrid

/// ROC AUC over a whole stream in bounded memory: positives and negatives counted in bins of the score's
/// log-odds, pairs in one bin counting one half.
///
/// An exact AUC keeps every distinct score, which grows without end on a live stream; here memory is fixed
/// (two counts per bin) and the saved state is a few tens of kilobytes. The bins split the log-odds range
/// -16...16 (probabilities from 1e-7 to 1 - 1e-7) evenly, 4,096 by default: about 0.008 log-odds wide, so only
/// pairs scored almost alike are taken as ties, and the error against the exact value is far below the
/// metric's own noise.
struct BinnedROCAUC: Sendable, Hashable {
    static let lowerLogit = -16.0
    static let upperLogit = 16.0

    private(set) var positives: [UInt64]
    private(set) var negatives: [UInt64]
    /// Positives seen.
    private(set) var positiveCount: Int64 = 0
    /// Negatives seen.
    private(set) var negativeCount: Int64 = 0

    init(bins: Int = 4_096) {
        precondition(bins >= 2, "an AUC needs at least two bins")
        positives = Array(repeating: 0, count: bins)
        negatives = Array(repeating: 0, count: bins)
    }

    var binCount: Int { positives.count }

    /// Adds a probability and its label (NaN scores are ignored).
    mutating func update(probability p: Double, label: Bool) {
        guard !p.isNaN else { return }
        let bin = self.bin(p)
        if label {
            positives[bin] &+= 1
            positiveCount &+= 1
        } else {
            negatives[bin] &+= 1
            negativeCount &+= 1
        }
    }

    private func bin(_ p: Double) -> Int {
        let clamped = min(max(p, 1e-300), 1 - 1e-16)
        let logit = log(clamped) - log1p(-clamped)
        let position = (logit - Self.lowerLogit) / (Self.upperLogit - Self.lowerLogit) * Double(binCount)
        guard position.isFinite else { return position > 0 ? binCount - 1 : 0 }
        return min(max(Int(position), 0), binCount - 1)
    }

    /// The AUC so far (NaN until both classes were seen).
    var value: Double {
        guard positiveCount > 0, negativeCount > 0 else { return .nan }
        var area = 0.0
        var negativesBelow = 0.0
        for bin in 0..<binCount {
            let n = Double(negatives[bin])
            area += Double(positives[bin]) * (negativesBelow + 0.5 * n)
            negativesBelow += n
        }
        return area / (Double(positiveCount) * Double(negativeCount))
    }
}

extension BinnedROCAUC: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.writeLength(binCount)
        writer.write(positiveCount)
        writer.write(negativeCount)
        // Most bins are empty on a real stream: runs of zeros cost one varint.
        for counts in [positives, negatives] {
            var bin = 0
            while bin < counts.count {
                if counts[bin] == 0 {
                    var end = bin
                    while end < counts.count, counts[end] == 0 { end += 1 }
                    writer.writeVarint(0)
                    writer.writeVarint(UInt64(end - bin))
                    bin = end
                } else {
                    writer.writeVarint(counts[bin])
                    bin += 1
                }
            }
        }
    }

    init(from reader: inout BinaryReader) throws(GridCodecError) {
        let bins = try reader.readLength(minimumBytesEach: 0)
        guard bins >= 2, bins <= 1 << 20 else { throw .invalid("an AUC with \(bins) bins") }
        self.init(bins: bins)
        positiveCount = try reader.read(Int64.self)
        negativeCount = try reader.read(Int64.self)
        for side in 0..<2 {
            var counts = Array(repeating: UInt64(0), count: bins)
            var bin = 0
            while bin < bins {
                let value = try reader.readVarint()
                if value == 0 {
                    let run = try reader.readVarint()
                    guard run >= 1, run <= UInt64(bins - bin) else { throw .invalid("an AUC run beyond its bins") }
                    bin += Int(run)
                } else {
                    counts[bin] = value
                    bin += 1
                }
            }
            if side == 0 { positives = counts } else { negatives = counts }
        }
        guard positives.reduce(0, &+) == UInt64(positiveCount), negatives.reduce(0, &+) == UInt64(negativeCount)
        else { throw .invalid("the AUC's bins do not add up to its counts") }
    }
}
