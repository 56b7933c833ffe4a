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
}
