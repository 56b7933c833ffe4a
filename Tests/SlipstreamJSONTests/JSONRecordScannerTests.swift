import Foundation
import PropertyBased
import Testing
import SlipstreamJSON

/// The flat-record scanner: what it reads equals what `JSONReader` reads from the same bytes, and it declines
/// (rather than accepts) everything outside its subset, invalid JSON above all.
@Suite("JSONRecordScanner")
struct JSONRecordScannerTests {
    /// Checks that a document the scanner read is one the reader accepts, with equal values for every wanted name.
    static func expectAgreement(_ record: JSONScannedRecord, names: [String], bytes: [UInt8], reader: JSONReader,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let table: JSONFieldTable
        do {
            table = try reader.parseObject(bytes)
        } catch {
            Issue.record("scanner read a document the reader rejects (\(error)): \(String(decoding: bytes, as: UTF8.self))",
                         sourceLocation: sourceLocation)
            return
        }
        for (k, name) in names.enumerated() {
            let scanned = record[k]
            guard let field = table[name] else {
                #expect(scanned.isMissing, "\(name)", sourceLocation: sourceLocation)
                continue
            }
            #expect(scanned.kind == field.kind, "\(name)", sourceLocation: sourceLocation)
            #expect(scanned.double?.bitPattern == field.double?.bitPattern, "\(name)", sourceLocation: sourceLocation)
            #expect(scanned.bool == field.bool, "\(name)", sourceLocation: sourceLocation)
            #expect(scanned.isNull == field.isNull, "\(name)", sourceLocation: sourceLocation)
            #expect(Array(scanned.valueBytes) == Array(field.valueBytes), "\(name)", sourceLocation: sourceLocation)
        }
    }

    static func scan(_ scanner: JSONRecordScanner, _ text: String) -> JSONScannedRecord? {
        var text = text
        return text.withUTF8 { scanner.scan(UnsafeRawBufferPointer($0)) }
    }

    @Test func readsWantedMembersOfAFlatObject() throws {
        let scanner = JSONRecordScanner(fields: ["label", "x1", "x10", "key", "absent", "flag", "none"])
        let line = #"{"id":0,"key":"u1793","x1":-0.123456,"x10":1.5e-3,"flag":true,"none":null,"label":1}"#
        let bytes = Array(line.utf8)
        let record = try #require(bytes.withUnsafeBytes { scanner.scan($0) })
        #expect(record[0].double == 1)
        #expect(record[1].double == -0.123456)
        #expect(record[2].double == 1.5e-3)
        #expect(record[3].string.map { $0 == "u1793" } == true)
        #expect(record[4].isMissing && record[4].kind == nil)
        #expect(record[5].bool == true)
        #expect(record[6].isNull)
        try bytes.withUnsafeBytes { buffer in
            let again = try #require(scanner.scan(buffer))
            try Self.expectAgreement(again, names: scanner.fieldNames, bytes: bytes, reader: JSONReader())
        }
    }

    @Test func followsKeysWhenTheLayoutChangesFromLineToLine() throws {
        let scanner = JSONRecordScanner(fields: ["a", "b", "ab"])
        let reader = JSONReader()
        for line in [#"{"a":1,"b":2,"ab":3}"#, #"{"b":20,"a":10}"#, #"{"ab":300,"a":100,"b":200,"c":0}"#,
                     #"{"a":1000,"ab":3000}"#, #"{"abc":7,"a":1,"b":2,"ab":3}"#, #"{}"#, #"{"a":1,"b":2,"ab":3}"#] {
            let bytes = Array(line.utf8)
            let record = try #require(bytes.withUnsafeBytes { scanner.scan($0) }, "\(line)")
            try Self.expectAgreement(record, names: scanner.fieldNames, bytes: bytes, reader: reader)
        }
    }

    @Test func aRepeatedKeyReadsItsFirstOccurrenceAsTheReaderDoes() throws {
        let scanner = JSONRecordScanner(fields: ["a", "a"])
        let record = try #require(Self.scan(scanner, #"{"a":1,"b":2,"a":3}"#))
        #expect(record[0].double == 1 && record[1].double == 1)
    }

    @Test(arguments: [
        // Outside the subset (valid JSON, left to the reader).
        #"{"a":{"b":1}}"#, #"{"a":[1,2]}"#, #"{"a":"x\"y"}"#, #"{"\u0061":1}"#, #"[1,2]"#, #"{"a":1e400}"#,
        #"{"a":"\ud83d\ude00"}"#,
        // Invalid JSON.
        "", " ", "{", "}", #"{"a":1"#, #"{"a":1,}"#, #"{"a":1}}"#, #"{"a":1} x"#, #"{"a"1}"#, #"{"a":}"#, #"{a:1}"#,
        #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":+1}"#, #"{"a":NaN}"#, #"{"a":Infinity}"#, #"{"a":-Infinity}"#,
        #"{"a":tru}"#, #"{"a":truex}"#, #"{"a":nul}"#, #"{"a":1 2}"#, #"{"a":"b":1}"#, #"{"a":1,"b"}"#, #"{"a":"x}"#,
        "{\"a\":\"tab\there\"}", #"{"a":'x'}"#, #"{"a":1}{"b":2}"#, #"{"a" : 1 , }"#, #"{,"a":1}"#, #"{"a":1,,"b":2}"#,
        #"{"a":1.5e}"#, #"{"a":-}"#, #"{"a":0x10}"#,
    ])
    func declines(_ text: String) {
        let scanner = JSONRecordScanner(fields: ["a", "b"])
        #expect(Self.scan(scanner, text) == nil)
    }

    @Test func declinesInvalidUTF8InStrings() {
        let scanner = JSONRecordScanner(fields: ["a"])
        for bad: [UInt8] in [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80]] {
            let bytes = Array(#"{"a":""#.utf8) + bad + Array(#""}"#.utf8)
            #expect(bytes.withUnsafeBytes { scanner.scan($0) } == nil)
        }
        let valid = Array(#"{"a":"Zürich €"}"#.utf8)
        #expect(valid.withUnsafeBytes { scanner.scan($0) }?[0].string.map { $0 == "Zürich €" } == true)
    }

    @Test func acceptsWhitespaceBetweenTokens() throws {
        let scanner = JSONRecordScanner(fields: ["a", "b"])
        let record = try #require(Self.scan(scanner, " \t{ \"a\" :\n1.25 ,\r\n\"b\":\"x\" } \n"))
        #expect(record[0].double == 1.25)
        #expect(record[1].string.map { $0 == "x" } == true)
    }

    /// Generated objects without nested values or escapes: every one is read, and agrees with the reader.
    @Test func readsEveryFlatObjectAsTheReaderDoes() async {
        let flat = Generator<GeneratedObject, Shrink.None<GeneratedObject>> { rng in
            var members: [(key: String, value: GeneratedValue)] = []
            for i in 0..<Int.random(in: 0...24, using: &rng) {
                let value: GeneratedValue
                switch GeneratedJSON.value(&rng) {
                case .array, .object: value = .double(Double(Int.random(in: -99_999...99_999, using: &rng)) / 1000)
                case .string(let s): value = .string(String(s.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }.map(Character.init)))
                case let other: value = other
                }
                members.append((key: Bool.random(using: &rng) ? "x\(i)" : "k\(Int.random(in: 0...30, using: &rng))", value: value))
            }
            return GeneratedObject(members: members)
        }
        let scanner = JSONRecordScanner(fields: ["x0", "x1", "x5", "x9", "x10", "x23", "k3", "k17", "missing"])
        let reader = JSONReader()
        await propertyCheck(count: 500, input: flat, Gen.uint64(in: 0...UInt64.max)) { object, seed in
            let bytes = Self.rawJSON(object, whitespaceSeed: seed)
            let record = try #require(bytes.withUnsafeBytes { scanner.scan($0) }, "\(String(decoding: bytes, as: UTF8.self))")
            try Self.expectAgreement(record, names: scanner.fieldNames, bytes: bytes, reader: reader)
        }
    }

    /// Generated objects of every kind, and damaged copies of them: whatever the scanner reads, the reader accepts
    /// with the same values.
    @Test func neverReadsWhatTheReaderRejects() async {
        let scanner = JSONRecordScanner(fields: ["k0", "k1", "k2", "k3", "k4", "x", "a"])
        let reader = JSONReader()
        await propertyCheck(count: 400, input: GeneratedJSON.object, Gen.uint64(in: 0...UInt64.max)) { object, seed in
            let original = seed & 1 == 0 ? object.escapedJSON(whitespaceSeed: seed) : Array(object.foundationJSON)
            var state = seed
            for round in 0..<12 {
                var bytes = original
                if round > 0 && !bytes.isEmpty {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    let at = Int((state >> 33) % UInt64(bytes.count))
                    let damage: [UInt8] = [0x22, 0x2C, 0x3A, 0x7B, 0x7D, 0x5C, 0x30, 0x2E, 0x65, 0x2D, 0x20, 0x00, 0xC3, 0x80, 0x6E]
                    switch (state >> 20) % 3 {
                    case 0: bytes[at] = damage[Int((state >> 40) % UInt64(damage.count))]
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(damage[Int((state >> 40) % UInt64(damage.count))], at: at)
                    }
                }
                guard let record = bytes.withUnsafeBytes({ scanner.scan($0) }) else { continue }
                try Self.expectAgreement(record, names: scanner.fieldNames, bytes: bytes, reader: reader)
            }
        }
    }

    /// JSON text with strings written raw (the generator for flat objects leaves out what needs escaping).
    static func rawJSON(_ object: GeneratedObject, whitespaceSeed: UInt64) -> [UInt8] {
        var seed = whitespaceSeed
        func space() -> String {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return ["", "", "", " ", "\n", "\t "][Int(seed >> 60) % 6]
        }
        var text = space() + "{"
        for (i, member) in object.members.enumerated() {
            if i > 0 { text += "," }
            text += space() + "\"\(member.key)\"" + space() + ":" + space()
            switch member.value {
            case .string(let s): text += "\"\(s)\""
            case .int(let v): text += "\(v)"
            case .double(let v): text += "\(v)"
            case .bool(let v): text += "\(v)"
            case .null: text += "null"
            case .array, .object: text += "0"
            }
            text += space()
        }
        return Array((text + "}" + space()).utf8)
    }
}
