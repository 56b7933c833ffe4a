import SlipstreamLearn
import Testing

@Suite struct MurmurHash3Tests {
    // Published MurmurHash3_x86_32 test vectors.
    @Test(arguments: [
        ("", UInt32(0), UInt32(0)),
        ("", 1, 0x514E_28B7),
        ("", 0xffff_ffff, 0x81F1_6F39),
        ("test", 0, 0xba6b_d213),
        ("Hello, world!", 1234, 0xfaf6_cdb3),
        ("The quick brown fox jumps over the lazy dog", 0, 0x2e4f_f723),
        ("a", 0x9747_b28c, 0x7FA0_9EA6),
        ("abc", 0x9747_b28c, 0xC84A_62DD),
        ("abcd", 0x9747_b28c, 0xF047_8627),
    ])
    func knownVectors(input: String, seed: UInt32, expected: UInt32) {
        #expect(MurmurHash3.hash32(input, seed: seed) == expected)
    }

    @Test func bytesAndStringsAgree() {
        let s = "device_model"
        let fromBytes = Array(s.utf8).withUnsafeBytes { MurmurHash3.hash32($0, seed: 7) }
        #expect(fromBytes == MurmurHash3.hash32(s, seed: 7))
        #expect(MurmurHash3.hash32(s, seed: 7) != MurmurHash3.hash32(s, seed: 8))
    }

    @Test func hasherRejectsBitsOutsideTheRange() throws {
        #expect(throws: FeatureSpecError.bitsOutOfRange(17)) { try FeatureHasher(bits: 17) }
        #expect(throws: FeatureSpecError.bitsOutOfRange(29)) { try FeatureHasher(bits: 29) }
        #expect(try FeatureHasher(bits: 18).size == 1 << 18)
        #expect(try FeatureHasher(bits: 28).mask == (1 << 28) - 1)
    }

    @Test func namespacesSeparateEqualValues() throws {
        let h = try FeatureHasher(bits: 22)
        #expect(h.hash("abc", namespaceSeed: h.namespaceSeed("site")) != h.hash("abc", namespaceSeed: h.namespaceSeed("app")))
    }
}
