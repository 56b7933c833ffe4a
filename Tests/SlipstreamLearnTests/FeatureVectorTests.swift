import SlipstreamLearn
import Testing

@Suite struct FeatureVectorTests {
    @Test func hashedAndDenseSlotsDoNotOverlap() {
        var v = FeatureVector(hashBits: 18, denseSlots: 3)
        v.append(hash: 0xFFFF_FFFF, value: 2, namespace: 1)
        v.appendDense(slot: 2, value: 0.5, hash: 9, namespace: 0)
        #expect(v.slotCount == (1 << 18) + 3)
        #expect(v.entries[0].index == (1 << 18) - 1)
        #expect(v.entries[1].index == (1 << 18) + 2)
    }

    @Test func zeroAndNonFiniteValuesAreSkipped() {
        var v = FeatureVector(hashBits: 18, denseSlots: 1)
        v.append(hash: 1, value: 0)
        v.appendDense(slot: 0, value: 0, hash: 1)
        v.append(hash: 2, value: .nan)
        v.appendDense(slot: 0, value: .infinity, hash: 1)
        #expect(v.isEmpty)
    }

    @Test func crossesArePairwiseProductsWithTheirOwnNamespace() {
        var v = FeatureVector(hashBits: 20)
        v.append(hash: 10, value: 2, namespace: 1)
        v.append(hash: 11, value: 3, namespace: 1)
        v.append(hash: 20, value: 5, namespace: 2)
        v.append(hash: 30, value: 7, namespace: 3)
        v.appendCrosses([FeatureCross(left: 1, right: 2, namespace: 9)])
        let crossed = v.entries.filter { $0.namespace == 9 }
        #expect(crossed.map(\.value).sorted() == [10, 15])
        #expect(crossed.allSatisfy { $0.index == $0.hash & ((1 << 20) - 1) })
        #expect(Set(crossed.map(\.hash)).count == 2)
        #expect(v.baseCount == 4)
    }

    @Test func aSelfCrossTakesEachPairOnce() {
        var v = FeatureVector(hashBits: 20)
        for h in 1...3 { v.append(hash: UInt32(h), value: 1, namespace: 1) }
        v.appendCrosses([FeatureCross(left: 1, right: 1, namespace: 5)])
        #expect(v.entries.filter { $0.namespace == 5 }.count == 3)
    }

    @Test func removeAllKeepsTheShape() {
        var v = FeatureVector(hashBits: 18, denseSlots: 2)
        v.append(hash: 5)
        v.removeAll()
        #expect(v.isEmpty && v.baseCount == 0 && v.denseSlots == 2)
    }
}
