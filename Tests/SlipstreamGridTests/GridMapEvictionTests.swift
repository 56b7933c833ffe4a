import PropertyBased
import SlipstreamGrid
import Testing

@Suite("GridMap capacity eviction")
struct GridMapEvictionTests {
    /// A brute-force model of the policies: every entry's use count and last-use tick; the victim is the entry
    /// with the oldest last use (LRU), or the fewest uses and then the oldest last use (LFU).
    struct Model {
        var entries: [Int: (value: Int, uses: Int, lastUse: Int)] = [:]
        var tick = 0
        let cap: Int
        let policy: GridEvictionPolicy

        mutating func use(_ key: Int) {
            tick += 1
            entries[key]!.uses += 1
            entries[key]!.lastUse = tick
        }

        mutating func insert(_ key: Int, _ value: Int) -> Int? {
            var victim: Int?
            if entries.count >= cap {
                victim = entries.min { a, b in
                    switch policy {
                    case .leastRecentlyUsed: a.value.lastUse < b.value.lastUse
                    case .leastFrequentlyUsed: (a.value.uses, a.value.lastUse) < (b.value.uses, b.value.lastUse)
                    }
                }!.key
                entries[victim!] = nil
            }
            tick += 1
            entries[key] = (value, 1, tick)
            return victim
        }
    }

    @Test(arguments: GridEvictionPolicy.allCases)
    func capEvictsByPolicy(policy: GridEvictionPolicy) async {
        let op = zip(Gen.int(in: 0...3), Gen.int(in: 0...25))
        await propertyCheck(count: 80, input: op.array(of: 1...300), Gen.int(in: 1...12)) { ops, cap in
            let map = GridMap<Int, Int>(name: "capped", configuration: .init(
                partitionCount: 1, capacity: .init(maxEntriesPerPartition: cap, policy: policy)))
            let view = try map.claimView(instance: 0, of: 1)
            var evicted: [Int] = []
            view.onEvict = { key, _, cause in
                #expect(cause == .capacity)
                evicted.append(key)
            }
            var model = Model(cap: cap, policy: policy)
            for (step, (code, key)) in ops.enumerated() {
                evicted.removeAll()
                var expectedVictim: Int?
                switch code {
                case 0:
                    view.put(key, step)
                    if model.entries[key] != nil { model.use(key); model.entries[key]!.value = step }
                    else { expectedVictim = model.insert(key, step) }
                case 1:
                    #expect(view.get(key) == model.entries[key]?.value)
                    if model.entries[key] != nil { model.use(key) }
                case 2:
                    view.update(key, default: 0) { $0 += 1 }
                    if model.entries[key] != nil { model.use(key); model.entries[key]!.value += 1 }
                    else { expectedVictim = model.insert(key, 0); model.entries[key]!.value = 1 }
                default:
                    #expect(view.remove(key) == model.entries.removeValue(forKey: key)?.value)
                }
                #expect(evicted == (expectedVictim.map { [$0] } ?? []))
                #expect(view.entryCount == model.entries.count)
                #expect(view.entryCount <= cap)
            }
        }
    }

    @Test func leastRecentlyUsedKeepsTheHotKeys() throws {
        let map = GridMap<Int, Int>(name: "lru", configuration: .init(
            partitionCount: 1, capacity: .init(maxEntriesPerPartition: 3, policy: .leastRecentlyUsed)))
        let view = try map.claimView(instance: 0, of: 1)
        view.put(1, 1); view.put(2, 2); view.put(3, 3)
        _ = view.get(1)
        view.put(4, 4)
        #expect(!view.contains(2))
        #expect(view.contains(1) && view.contains(3) && view.contains(4))
    }

    @Test func leastFrequentlyUsedKeepsTheOftenUsedKeys() throws {
        let map = GridMap<Int, Int>(name: "lfu", configuration: .init(
            partitionCount: 1, capacity: .init(maxEntriesPerPartition: 3, policy: .leastFrequentlyUsed)))
        let view = try map.claimView(instance: 0, of: 1)
        view.put(1, 1); view.put(2, 2); view.put(3, 3)
        for _ in 0..<3 { _ = view.get(1); _ = view.get(3) }
        _ = view.get(2)
        view.put(4, 4)   // 2 has fewer uses than 1 and 3
        #expect(!view.contains(2))
        view.put(5, 5)   // 4 (one use) goes before the older but more used keys
        #expect(!view.contains(4))
        #expect(view.contains(1) && view.contains(3) && view.contains(5))
    }
}
