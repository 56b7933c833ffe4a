import PropertyBased
import SlipstreamGrid
import Testing

@Suite("GridPartition save and restore")
struct GridPartitionSnapshotTests {
    struct Profile: Codable, Equatable, BinaryCodable {
        var name: String
        var scores: [Double]
    }

    func contents<K: PartitionKey, V>(_ p: GridPartition<K, V>) -> [K: V] {
        var d: [K: V] = [:]
        p.forEach { d[$0] = $1 }
        return d
    }

    @Test func saveThenRestoreYieldsTheSameContents() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...2_000).array(of: 0...600)) { keys in
            let config = GridMapConfiguration(partitionCount: 7)
            let source = try GridMap<Int, String>(name: "s", configuration: config).claimView(instance: 0, of: 1)
            for k in keys { source.put(k, "value-\(k * 3)") }
            for k in keys.prefix(keys.count / 3) { source.remove(k) }
            let target = try GridMap<Int, String>(name: "t", configuration: config).claimView(instance: 0, of: 1)
            target.put(keys.first ?? 1, "to be replaced")
            for p in source.partitionIDs {
                try target.restorePartition(p, from: source.savePartition(p))
                #expect(contents(try target.partition(p)) == contents(try source.partition(p)))
            }
            #expect(target.entryCount == source.entryCount)
        }
    }

    @Test func restoreKeepsDeadlinesAndTheEvictionOrder() throws {
        let clock = ManualGridClock(start: 10_000)
        let config = GridMapConfiguration(
            partitionCount: 1,
            expiry: .init(timeToLive: .seconds(10), timeDomain: .processingTime(clock)),
            capacity: .init(maxEntriesPerPartition: 3, policy: .leastRecentlyUsed))
        let source = try GridMap<String, Profile>(name: "s", configuration: config).claimView(instance: 0, of: 1)
        source.put("a", Profile(name: "A", scores: [1]))
        clock.advance(by: .seconds(5))
        source.put("b", Profile(name: "B", scores: [2, 3]))
        source.put("c", Profile(name: "C", scores: []))
        _ = source.get("a")                      // recency now b, c, a
        let bytes = try source.savePartition(0)

        let target = try GridMap<String, Profile>(name: "t", configuration: config).claimView(instance: 0, of: 1)
        try target.restorePartition(0, from: bytes)
        target.put("d", Profile(name: "D", scores: []))   // evicts b, the least recently used
        #expect(!target.contains("b"))
        clock.advance(by: .seconds(6))                     // a was written 11 s ago
        #expect(target.get("a") == nil)
        #expect(target.get("c") == Profile(name: "C", scores: []))
    }

    func snapshot() throws -> [UInt8] {
        let view = try GridMap<Int, Double>(name: "s", configuration: .init(partitionCount: 1)).claimView(instance: 0, of: 1)
        for k in 0..<50 { view.put(k, Double(k) / 2) }
        return try view.savePartition(0)
    }

    func restore(_ bytes: [UInt8], partitionCount: Int = 1, partition: Int = 0) throws -> GridMapView<Int, Double> {
        let view = try GridMap<Int, Double>(name: "t", configuration: .init(partitionCount: partitionCount))
            .claimView(instance: 0, of: 1)
        view.put(partition == 0 ? 0 : 1, -1)
        try view.restorePartition(partition, from: bytes)
        return view
    }

    @Test func aDetachedCopyIsEncodedElsewhereWithTheSameResult() async throws {
        let clock = ManualGridClock()
        let view = try GridMap<String, [Double]>(name: "s", configuration: .init(
            partitionCount: 3, expiry: .init(maxIdle: .seconds(9), timeDomain: .processingTime(clock)),
            capacity: .init(maxEntriesPerPartition: 50, policy: .leastFrequentlyUsed)))
            .claimView(instance: 0, of: 1)
        for i in 0..<200 {
            view.update("k\(i % 70)", default: []) { $0.append(Double(i)) }
            if i % 9 == 0 { view.put("ttl\(i)", [0], ttl: .seconds(60)) }   // per-entry deadlines appear lazily
            clock.advance(by: .milliseconds(30))
        }
        let copies = try view.partitionIDs.map { try view.detachedCopy(ofPartition: $0) }
        let direct = try view.partitionIDs.map { try view.savePartition($0) }
        for k in 0..<70 { view.remove("k\(k)") }   // the owner carries on; the copies do not change
        let encoded = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for copy in copies { group.addTask { (copy.id, try copy.save()) } }
            var byID: [Int: [UInt8]] = [:]
            for try await (id, bytes) in group { byID[id] = bytes }
            return byID
        }
        #expect(view.partitionIDs.map { encoded[$0]! } == direct)
    }

    @Test func truncatedDataFailsCleanlyAndChangesNothing() throws {
        let bytes = try snapshot()
        for cut in [0, 3, 10, 20, bytes.count / 2, bytes.count - 1] {
            let view = try GridMap<Int, Double>(name: "t", configuration: .init(partitionCount: 1))
                .claimView(instance: 0, of: 1)
            view.put(7, 7)
            #expect(throws: GridCodecError.self) { try view.restorePartition(0, from: Array(bytes.prefix(cut))) }
            #expect(view.entryCount == 1 && view.get(7) == 7)
        }
    }

    @Test func corruptedDataIsDetected() throws {
        let bytes = try snapshot()
        for position in stride(from: 4, to: bytes.count, by: 37) {
            var damaged = bytes
            damaged[position] ^= 0x10
            #expect(throws: GridCodecError.self) { try restore(damaged) }
        }
        var badMagic = bytes
        badMagic[0] = UInt8(ascii: "X")
        #expect(throws: GridCodecError.badMagic(expected: "grid partition")) { try restore(badMagic) }
    }

    @Test func unknownVersionIsRejected() throws {
        var bytes = try snapshot()
        bytes[4] = 9
        bytes[5] = 0
        #expect(throws: GridCodecError.unsupportedVersion(found: 9, supported: 1...1)) { try restore(bytes) }
    }

    @Test func aSnapshotOfAnotherPartitionLayoutIsRejected() throws {
        let bytes = try snapshot()
        #expect(throws: GridCodecError.self) { try restore(bytes, partitionCount: 2) }
        #expect(throws: GridMapError.self) { try restore(bytes, partitionCount: 1, partition: 3) }
    }
}

@Suite("GridPartition restore continues like the original")
struct GridPartitionRestoreEquivalenceTests {
    /// After a save and restore, the same further operations evict the same entries in the same order as in
    /// the original map: recency, use counts and deadlines all survive.
    @Test(arguments: GridEvictionPolicy.allCases)
    func evictionOrderSurvivesRestore(policy: GridEvictionPolicy) async {
        let op = zip(Gen.int(in: 0...2), Gen.int(in: 0...30))
        await propertyCheck(count: 40, input: op.array(of: 0...150), op.array(of: 0...150)) { before, after in
            let clock = ManualGridClock()
            let config = GridMapConfiguration(
                partitionCount: 2,
                expiry: .init(timeToLive: .seconds(40), maxIdle: .seconds(25), timeDomain: .processingTime(clock)),
                capacity: .init(maxEntriesPerPartition: 6, policy: policy))
            let original = try GridMap<Int, Int>(name: "o", configuration: config).claimView(instance: 0, of: 1)
            func apply(_ view: GridMapView<Int, Int>, _ code: Int, _ key: Int) {
                switch code {
                case 0: view.put(key, key)
                case 1: _ = view.get(key)
                default: view.update(key, default: 0) { $0 += 1 }
                }
            }
            for (code, key) in before {
                apply(original, code, key)
                clock.advance(by: .seconds(1))
            }
            let copy = try GridMap<Int, Int>(name: "c", configuration: config).claimView(instance: 0, of: 1)
            for p in original.partitionIDs { try copy.restorePartition(p, from: original.savePartition(p)) }
            var fromOriginal: [String] = [], fromCopy: [String] = []
            original.onEvict = { k, v, cause in fromOriginal.append("\(k)=\(v) \(cause)") }
            copy.onEvict = { k, v, cause in fromCopy.append("\(k)=\(v) \(cause)") }
            for (code, key) in after {
                apply(original, code, key)
                apply(copy, code, key)
                clock.advance(by: .seconds(1))
            }
            #expect(fromOriginal == fromCopy)
            for key in 0...30 { #expect(original.get(key) == copy.get(key)) }
        }
    }
}
