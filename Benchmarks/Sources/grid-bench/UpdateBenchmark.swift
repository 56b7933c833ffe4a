import SlipstreamGrid

/// The per-key state of the benchmark: what a `stateful` stage keeps for a card or a user.
struct Activity: Sendable {
    var count: Int64 = 0
    var sum: Double = 0
}

/// 10M Zipf-skewed updates through the entry processor `GridMapView.update(_:default:_:)`, the call a
/// `stateful` stage makes per record, with the keys pre-routed to the owning instance as a partitioned edge
/// routes them (routing itself is the edge's cost and is not timed here).
struct UpdateBenchmark {
    let keyCount: Int
    let updateCount: Int
    let keys: [Int]

    init(keyCount: Int, updateCount: Int, zipfExponent: Double, seed: UInt64) {
        self.keyCount = keyCount
        self.updateCount = updateCount
        var rng = SplitMix64(seed: seed)
        // Ranks map to scattered key values so hot keys are not neighbours.
        var ids = Array(0..<keyCount)
        ids.shuffle(using: &rng)
        let zipf = ZipfDistribution(count: keyCount, exponent: zipfExponent)
        keys = (0..<updateCount).map { _ in ids[zipf.draw(&rng)] &* 2_654_435_761 }
    }

    var distinctKeys: Int { Set(keys).count }

    /// Updates per second with `threads` instances, each owning its share of the partitions.
    func run(threads: Int, configuration: GridMapConfiguration, batched: Bool = false)
        -> (updatesPerSecond: Double, entries: Int, updatesPerCPUSecond: Double) {
        let map = GridMap<Int, Activity>(name: "activity", configuration: configuration)
        var routed = [[Int]](repeating: [], count: threads)
        for key in keys {
            let owner = map.partitioner.instance(ofPartition: map.partitioner.partition(of: key), instanceCount: threads)
            routed[owner].append(key)
        }
        let counts = EntryCounts(threads)
        let bodies: [@Sendable () -> Void] = (0..<threads).map { instance in
            let batch = routed[instance]
            return {
                let view = try! map.claimView(instance: instance, of: threads)
                var amount = 1.0
                if batched {
                    // Inbox-sized batches, as a stateful stage receives them.
                    var start = 0
                    while start < batch.count {
                        let end = min(start + 256, batch.count)
                        view.updateEach(batch[start..<end], key: { $0 }, default: { Activity() }) { a, _ in
                            a.count &+= 1
                            a.sum += amount
                            amount += 0.5
                        }
                        start = end
                    }
                } else {
                    for key in batch {
                        view.update(key, default: Activity()) { a in
                            a.count &+= 1
                            a.sum += amount
                        }
                        amount += 0.5
                    }
                }
                counts.set(instance, view.entryCount)
                view.release()
            }
        }
        let (wall, cpu) = runConcurrently(bodies)
        return (Double(keys.count) / wall, counts.total, Double(keys.count) / cpu)
    }

    /// Resident memory growth per key after inserting `keyCount` keys into a fresh map. The view is returned
    /// so the caller keeps it alive while measuring the next configuration: freed memory stays in the
    /// allocator and would hide the next map's growth.
    func bytesPerKey(configuration: GridMapConfiguration)
        -> (resident: Double, estimated: Double, keepAlive: GridMapView<Int, Activity>) {
        let before = residentBytes()
        let map = GridMap<Int, Activity>(name: "memory", configuration: configuration)
        let view = try! map.claimView(instance: 0, of: 1)
        for id in 0..<keyCount {
            view.update(id &* 2_654_435_761, default: Activity()) { $0.count += 1 }
        }
        let after = residentBytes()
        return (Double(after - before) / Double(keyCount), Double(view.estimatedBytes) / Double(keyCount), view)
    }
}

/// Per-thread results, written once by each benchmark thread before it finishes.
final class EntryCounts: @unchecked Sendable {
    // @unchecked: each slot is written by one thread, read after all threads joined.
    private var slots: [Int]
    init(_ n: Int) { slots = Array(repeating: 0, count: n) }
    func set(_ i: Int, _ v: Int) { slots.withUnsafeMutableBufferPointer { $0[i] = v } }
    var total: Int { slots.reduce(0, +) }
}
