import SlipstreamGrid
import Testing

@Suite("Approximate aggregations")
struct SketchTests {
    @Test(arguments: [100, 10_000, 200_000])
    func hyperLogLogStaysWithinItsErrorBound(distinct: Int) {
        var sketch = HyperLogLog(precision: 12)
        for i in 0..<distinct {
            sketch.insert(i)
            sketch.insert(i)   // duplicates do not count
        }
        let relativeError = abs(sketch.estimate - Double(distinct)) / Double(distinct)
        #expect(relativeError < 4 * 1.04 / 64, "3 to 4 standard errors at precision 12")
    }

    @Test func hyperLogLogStartsSparseAndTurnsDense() throws {
        var small = HyperLogLog(precision: 12)
        for i in 0..<20 { small.insert(i) }
        #expect(small.isSparse)
        #expect(small.estimate.rounded() == 20)
        var w = BinaryWriter()
        small.encode(to: &w)
        #expect(w.count < 100, "a sparse sketch of 20 items takes bytes, not kilobytes")
        var large = small
        for i in 20..<2_000 { large.insert(i) }
        #expect(!large.isSparse)
        var merged = small
        merged.formUnion(large)
        #expect(merged == large)
        var r = BinaryReader(w.bytes)
        #expect(try HyperLogLog(from: &r) == small)
    }

    @Test func hyperLogLogUnionCountsTheUnion() throws {
        var a = HyperLogLog(), b = HyperLogLog()
        for i in 0..<5_000 { a.insert(i) }
        for i in 2_500..<7_500 { b.insert(i) }
        a.formUnion(b)
        #expect(abs(a.estimate - 7_500) / 7_500 < 0.06)
        var w = BinaryWriter()
        a.encode(to: &w)
        var r = BinaryReader(w.bytes)
        #expect(try HyperLogLog(from: &r) == a)
    }

    /// Space-Saving: every item more frequent than n / capacity is reported, with a count that overestimates by
    /// at most the reported error.
    @Test func spaceSavingFindsTheHeavyHitters() {
        var rng = SystemRandomNumberGenerator()
        var sketch = SpaceSavingSketch<Int>(capacity: 50)
        var truth: [Int: Int64] = [:]
        var stream: [Int] = []
        for heavy in 0..<5 { stream += Array(repeating: heavy, count: 2_000 - heavy * 100) }
        for _ in 0..<20_000 { stream.append(Int.random(in: 100..<10_000, using: &rng)) }
        stream.shuffle(using: &rng)
        for x in stream {
            sketch.insert(x)
            truth[x, default: 0] += 1
        }
        let top = sketch.top(5)
        #expect(Set(top.map(\.item)) == Set(0..<5))
        for entry in sketch.top(50) {
            let real = truth[entry.item]!
            #expect(entry.count >= real && entry.count - entry.error <= real)
        }
    }
}
