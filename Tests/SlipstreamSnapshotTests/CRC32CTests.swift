import SlipstreamTestKit
import Testing
@testable import SlipstreamSnapshot

@Suite struct CRC32CTests {
    /// Check values from RFC 3720 (iSCSI), appendix B.4, and the common "123456789" check.
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
        #expect(CRC32C.checksum([]) == 0)
    }

    /// The slicing-by-8 path and the byte-wise tail must agree wherever the input is split.
    @Test func piecewiseEqualsWhole() {
        var generator = SeededGenerator(seed: 42)
        let bytes = (0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let whole = CRC32C.checksum(bytes)
        for split in [0, 1, 3, 7, 8, 9, 500, 999, 1000] {
            var crc = CRC32C()
            crc.update(Array(bytes[..<split]))
            crc.update(Array(bytes[split...]))
            #expect(crc.value == whole, "split at \(split)")
        }
        var flipped = bytes
        flipped[123] ^= 1
        #expect(CRC32C.checksum(flipped) != whole)
    }
}
