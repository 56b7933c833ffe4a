import PropertyBased
import SlipstreamGrid
import Testing

@Suite("Binary codec")
struct BinaryCodableTests {
    struct Customer: Codable, Equatable, BinaryCodable {
        var name: String
        var tags: [String]
        var limit: Double?
    }

    func roundTrip<T: BinaryCodable & Equatable>(_ value: T) -> T? {
        var w = BinaryWriter()
        do {
            try value.encode(to: &w)
            var r = BinaryReader(w.bytes)
            let decoded = try T(from: &r)
            #expect(r.isAtEnd)
            return decoded
        } catch {
            Issue.record("\(value) did not decode: \(error)")
            return nil
        }
    }

    @Test func standardTypesRoundTrip() async throws {
        await propertyCheck(input: Gen.int64(in: .min ... .max), Gen.letterOrNumber.string(of: 0...40),
                            Gen.int(in: -1_000...1_000).array(of: 0...20)) { i, s, a in
            #expect(roundTrip(i) == i)
            #expect(roundTrip(Int(i)) == Int(i))
            #expect(roundTrip(UInt64(bitPattern: i)) == UInt64(bitPattern: i))
            #expect(roundTrip(s) == s)
            #expect(roundTrip(a) == a)
            #expect(roundTrip(Double(i) / 3) == Double(i) / 3)
            #expect(roundTrip(a.isEmpty ? nil : s) == (a.isEmpty ? nil : s))
        }
        #expect(roundTrip("naïve ✓ 🚀") == "naïve ✓ 🚀")
        #expect(roundTrip(true) == true)
    }

    @Test func codableTypesUseTheFallback() throws {
        let c = Customer(name: "Ada", tags: ["vip", "eu"], limit: 2_500)
        #expect(roundTrip(c) == c)
        let odd = roundTrip(Customer(name: "", tags: [], limit: .nan))
        #expect(odd?.limit?.isNaN == true, "non-finite numbers survive the JSON fallback")
    }

    @Test func varintsRoundTripAndRejectOverlongInput() throws {
        for v: UInt64 in [0, 1, 127, 128, 300, 1 << 35, .max] {
            var w = BinaryWriter()
            w.writeVarint(v)
            var r = BinaryReader(w.bytes)
            #expect(try r.readVarint() == v)
        }
        var r = BinaryReader(Array(repeating: 0xff, count: 11))
        #expect(throws: GridCodecError.self) { try r.readVarint() }
    }

    @Test func damagedInputThrowsInsteadOfCrashing() throws {
        var w = BinaryWriter()
        try Customer(name: "Grace", tags: ["x"], limit: nil).encode(to: &w)
        try ["hello", "world"].encode(to: &w)
        let bytes = w.bytes
        for cut in 0..<bytes.count {
            var r = BinaryReader(Array(bytes.prefix(cut)))
            #expect(throws: GridCodecError.self) {
                _ = try Customer(from: &r)
                _ = try [String](from: &r)
            }
        }
        var hugeLength = BinaryWriter()
        hugeLength.writeVarint(1 << 40)
        var r = BinaryReader(hugeLength.bytes)
        #expect(throws: GridCodecError.self) { try [Int](from: &r) }
        var badUTF8 = BinaryReader([2, 0xc3, 0x28])
        #expect(throws: GridCodecError.self) { try String(from: &badUTF8) }
        var badBool = BinaryReader([7])
        #expect(throws: GridCodecError.self) { try Bool(from: &badBool) }
    }
}
