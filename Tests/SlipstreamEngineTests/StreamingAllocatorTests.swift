import SlipstreamEngine
import Testing

@Suite struct StreamingAllocatorTests {
    @Test func appliesItsSettingsUnlessTheEnvironmentChoseItsOwn() {
        #if os(Linux)
        #expect(StreamingAllocator.configure(environment: [:]))
        #endif
        for variable in ["MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES"] {
            #expect(!StreamingAllocator.configure(environment: [variable: "131072"]), "\(variable)")
        }
    }
}
