@testable import SlipstreamGrid
import Testing

@Suite("GridPartition entry layout")
struct GridEntryLayoutTests {
    struct Small { var flag: Bool }
    struct Wide { var a: Int64; var b: Double }

    /// The partition reads keys and values through computed offsets; they must match the compiler's layout.
    @Test func valueOffsetMatchesTheCompilersLayout() {
        func check<K: PartitionKey, V>(_: K.Type, _: V.Type) {
            #expect(GridPartition<K, V>.valueOffset == MemoryLayout<GridEntry<K, V>>.offset(of: \.value))
            #expect(MemoryLayout<GridEntry<K, V>>.offset(of: \.key) == 0)
        }
        check(Int.self, Wide.self)
        check(Int32.self, Wide.self)
        check(Int32.self, Small.self)
        check(String.self, [Int].self)
        check(UInt32.self, Int64.self)
        check(Int64.self, Small.self)
    }
}
