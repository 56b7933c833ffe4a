import PropertyBased
import SlipstreamGrid
import Testing

@Suite("GridMap entry operations")
struct GridMapTests {
    /// A random mix of operations gives the same contents as a `Dictionary` model: exercises growth, the
    /// backward-shift deletion of the index and the swap-remove of the dense columns.
    @Test func randomOperationsMatchADictionary() async {
        let op = zip(Gen.int(in: 0...5), Gen.int(in: 0...60), Gen.int(in: -100...100))
        await propertyCheck(count: 60, input: op.array(of: 0...400), Gen.int(in: 1...7)) { ops, partitions in
            let map = GridMap<Int, Int>(name: "model", configuration: .init(partitionCount: partitions))
            let view = try map.claimView(instance: 0, of: 1)
            var model: [Int: Int] = [:]
            for (code, key, value) in ops {
                switch code {
                case 0:
                    #expect(view.put(key, value) == model.updateValue(value, forKey: key))
                case 1:
                    #expect(view.remove(key) == model.removeValue(forKey: key))
                case 2:
                    let got = view.update(key, default: 0) { v -> Int in v += value; return v }
                    model[key, default: 0] += value
                    #expect(got == model[key])
                case 3:
                    view.merge(key, value) { $0 = max($0, $1) }
                    model[key] = max(model[key] ?? .min, value)
                case 4:
                    view.compute(key) { v in v = (v ?? 0) + value > 0 ? (v ?? 0) + value : nil }
                    let n = (model[key] ?? 0) + value
                    model[key] = n > 0 ? n : nil
                default:
                    #expect(view.get(key) == model[key])
                }
            }
            #expect(view.entryCount == model.count)
            var seen: [Int: Int] = [:]
            for p in view.partitionIDs {
                try view.forEach(inPartition: p) { k, v in
                    #expect(map.partitioner.partition(of: k) == p)
                    seen[k] = v
                }
            }
            #expect(seen == model)
        }
    }

    @Test func updateMutatesInPlaceWithoutCopyOnWrite() throws {
        let map = GridMap<String, [Int]>(name: "arrays", configuration: .init(partitionCount: 3))
        let view = try map.claimView(instance: 0, of: 1)
        view.put("k", [1, 2, 3])
        let before = view.update("k", default: []) { a in a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
        view.update("k", default: []) { $0[0] = 42 }
        let after = view.update("k", default: []) { a in a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
        #expect(before == after, "the array buffer must be mutated where it is, not copied")
        #expect(view.get("k") == [42, 2, 3])
    }

    @Test func viewsSplitPartitionsAsAPartitionedEdgeDoes() throws {
        let map = GridMap<Int, Int>(name: "split", configuration: .init(partitionCount: 11))
        let a = try map.claimView(instance: 0, of: 2)
        let b = try map.claimView(instance: 1, of: 2)
        #expect(Set(a.partitionIDs).isDisjoint(with: b.partitionIDs))
        #expect(Set(a.partitionIDs + b.partitionIDs) == Set(0..<11))
        for key in 0..<1000 {
            let owner = map.partitioner.instance(ofPartition: map.partitioner.partition(of: key), instanceCount: 2)
            (owner == 0 ? a : b).put(key, key * 2)
        }
        #expect(a.entryCount + b.entryCount == 1000)
        #expect(throws: GridMapError.self) { try map.claimView(instance: 0, of: 2) }
        a.release()
        let again = try map.claimView(instance: 0, of: 2)
        #expect(again.entryCount == a.entryCount)
    }

    @Test func claimsFollowTheOwnershipRules() throws {
        let map = GridMap<Int, Int>(name: "claims", configuration: .init(partitionCount: 6))
        #expect(throws: GridMapError.invalidInstance(instance: 2, instanceCount: 2)) {
            try map.claimView(instance: 2, of: 2)
        }
        let a = try map.claimView(instance: 0, of: 2)
        #expect(throws: GridMapError.instanceCountMismatch(claimed: 2, requested: 3)) {
            try map.claimView(instance: 1, of: 3)
        }
        #expect(throws: GridMapError.partitionNotOwned(partition: 1, instance: 0)) { try a.partition(1) }
        a.release()
        let b = try map.claimView(instance: 1, of: 3)
        #expect(b.partitionIDs == [1, 4])
    }

    @Test func statisticsReportEntriesAndBytes() throws {
        let map = GridMap<Int, Double>(name: "stats", configuration: .init(partitionCount: 4))
        let view = try map.claimView(instance: 0, of: 1)
        let empty = view.estimatedBytes
        for k in 0..<10_000 { view.put(k, Double(k)) }
        #expect(view.entryCount == 10_000)
        #expect(view.estimatedBytes > empty + 10_000 * 16)
        let perPartition = try view.partitionIDs.map { try view.partition($0).entryCount }
        #expect(perPartition.reduce(0, +) == 10_000)
        #expect(perPartition.allSatisfy { $0 > 1_000 }, "a stable hash spreads consecutive keys")
    }
}
