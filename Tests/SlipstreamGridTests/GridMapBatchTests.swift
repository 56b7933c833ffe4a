import PropertyBased
import SlipstreamGrid
import Testing

@Suite("GridMap batched updates")
struct GridMapBatchTests {
    /// `updateEach` has the effect of one `update` per item, in order, including with a capacity cap (where the
    /// order of inserts decides the victims) and expiry.
    @Test func updateEachEqualsOneUpdatePerItem() async {
        await propertyCheck(count: 50, input: Gen.int(in: 0...300).array(of: 0...500), Gen.int(in: 1...9)) { keys, partitions in
            let clock = ManualGridClock()
            let config = GridMapConfiguration(
                partitionCount: partitions,
                expiry: .init(maxIdle: .seconds(100), timeDomain: .processingTime(clock)),
                capacity: .init(maxEntriesPerPartition: 20, policy: .leastRecentlyUsed))
            let one = try GridMap<Int, [Int]>(name: "one", configuration: config).claimView(instance: 0, of: 1)
            let batched = try GridMap<Int, [Int]>(name: "batched", configuration: config).claimView(instance: 0, of: 1)
            var evictedOne: [Int] = [], evictedBatched: [Int] = []
            one.onEvict = { k, _, _ in evictedOne.append(k) }
            batched.onEvict = { k, _, _ in evictedBatched.append(k) }
            for (position, key) in keys.enumerated() {
                one.update(key, default: []) { $0.append(position) }
            }
            batched.updateEach(Array(keys.enumerated()), key: { $0.element }, default: { [] }) { list, item in
                list.append(item.offset)
            }
            #expect(evictedOne == evictedBatched)
            for key in 0...300 { #expect(one.get(key) == batched.get(key)) }
        }
    }

    @Test func updateEachWorksOnEachInstancesShare() throws {
        let map = GridMap<String, Int>(name: "shared", configuration: .init(partitionCount: 7))
        let views = try (0..<3).map { try map.claimView(instance: $0, of: 3) }
        let words = (0..<500).map { "w\($0 % 97)" }
        var routed: [[String]] = [[], [], []]
        for w in words {
            routed[map.partitioner.instance(ofPartition: map.partitioner.partition(of: w), instanceCount: 3)].append(w)
        }
        for (view, batch) in zip(views, routed) {
            view.updateEach(batch, key: { $0 }, default: { 0 }) { count, _ in count += 1 }
        }
        var expected: [String: Int] = [:]
        for w in words { expected[w, default: 0] += 1 }
        for (w, n) in expected {
            let owner = map.partitioner.instance(ofPartition: map.partitioner.partition(of: w), instanceCount: 3)
            #expect(views[owner].get(w) == n)
        }
        #expect(views.reduce(0) { $0 + $1.entryCount } == expected.count)
    }
}
