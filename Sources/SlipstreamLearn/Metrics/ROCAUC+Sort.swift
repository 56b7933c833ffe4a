extension ROCAUC {
    /// Sorts scores ascending with their labels and folds equal scores into one entry.
    ///
    /// An LSD radix sort over order-preserving 64-bit keys of the scores (11-bit digits, skipping digits every key
    /// shares, such as the exponent bits of probabilities): linear in the batch, which keeps the exact AUC cheap on
    /// the per-event path.
    static func sortedEntries(_ scores: [Double], _ labels: [Bool]) -> [Entry] {
        let n = scores.count
        guard n > 0 else { return [] }
        var keys = [UInt64](repeating: 0, count: n)
        var marks = [UInt8](repeating: 0, count: n)
        for i in 0..<n {
            let bits = scores[i].bitPattern
            keys[i] = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
            marks[i] = labels[i] ? 1 : 0
        }
        var keys2 = keys, marks2 = marks
        var counts = [Int](repeating: 0, count: 2048)
        for pass in 0..<6 {
            let shift = UInt64(pass * 11)
            for b in counts.indices { counts[b] = 0 }
            for k in keys { counts[Int((k >> shift) & 2047)] += 1 }
            if counts.contains(n) { continue }
            var total = 0
            for b in counts.indices {
                let c = counts[b]
                counts[b] = total
                total += c
            }
            for i in 0..<n {
                let b = Int((keys[i] >> shift) & 2047)
                keys2[counts[b]] = keys[i]
                marks2[counts[b]] = marks[i]
                counts[b] += 1
            }
            swap(&keys, &keys2)
            swap(&marks, &marks2)
        }
        var out: [Entry] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            let k = keys[i]
            let score = Double(bitPattern: k & (1 << 63) != 0 ? k & ~(1 << 63) : ~k)
            let positive = marks[i] == 1
            if let last = out.last, last.score == score {
                if positive { out[out.count - 1].positives += 1 } else { out[out.count - 1].negatives += 1 }
            } else {
                out.append(Entry(score: score, positives: positive ? 1 : 0, negatives: positive ? 0 : 1))
            }
        }
        return out
    }
}
