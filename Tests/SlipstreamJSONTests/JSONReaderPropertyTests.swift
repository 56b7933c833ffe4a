import Foundation
import PropertyBased
import Testing
@testable import SlipstreamJSON

/// Generated objects: what the reader reads equals what was written, and what Foundation reads from the same bytes.
@Suite("JSONReader properties")
struct JSONReaderPropertyTests {
    @Test func readsWhatJSONSerializationWrites() async {
        let reader = JSONReader()
        await propertyCheck(count: 300, input: GeneratedJSON.object) { object in
            let data = object.foundationJSON
            let fields = try reader.parseObject(data)
            #expect(fields.count == object.members.count)
            let foundation = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for member in object.members {
                let field = try #require(fields[member.key], "missing \(member.key)")
                try expect(field, equals: member.value, exactDoubles: false)
                try expect(field, matches: try #require(foundation[member.key]))
            }
        }
    }

    @Test func readsEscapedStringsKeysAndWhitespaceInDocumentOrder() async {
        let reader = JSONReader()
        await propertyCheck(count: 300, input: GeneratedJSON.object, Gen.uint64(in: 1...UInt64.max)) { object, seed in
            let bytes = object.escapedJSON(whitespaceSeed: seed)
            let fields = try reader.parseObject(bytes)
            #expect(fields.map { $0.key.string } == object.members.map(\.key))
            for (field, member) in zip(fields, object.members) {
                #expect(Array(field.key) == Array(member.key.utf8))
                try expect(field, equals: member.value, exactDoubles: true)
            }
            let foundation = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            for field in fields {
                try expect(field, matches: try #require(foundation[field.key.string]))
            }
        }
    }

    private func expect(_ field: JSONField, equals value: GeneratedValue, exactDoubles: Bool) throws {
        switch value {
        case .string(let s):
            #expect(field.string.map { Array($0) } == Array(s.utf8))
        case .int(let i):
            #expect(field.int64 == i)
            #expect(field.double == Double(i))
        case .double(let d):
            #expect(field.kind == .number)
            if exactDoubles { #expect(field.double == d) }
        case .bool(let b):
            #expect(field.bool == b)
        case .null:
            #expect(field.isNull)
        case .array(let elements):
            #expect(field.kind == .array)
            let nested = try JSONReader().parseArray(field.valueBytes.buffer)
            #expect(nested.map { $0.int64 } == elements.map { Optional($0) })
        case .object(let members):
            #expect(field.kind == .object)
            let nested = try JSONReader().parseObject(field.valueBytes.buffer)
            #expect(nested.count == members.count)
            for (key, v) in members { #expect(nested[key]?.int64 == v) }
        }
    }

    /// Compares a field with the value `JSONSerialization` read from the same bytes.
    private func expect(_ field: JSONField, matches foundation: Any) throws {
        switch field.kind {
        case .string:
            #expect(field.string?.string == foundation as? String)
        case .number:
            let number = try #require(foundation as? NSNumber)
            let double = try #require(field.double)
            // Swift's own parser rounds correctly: the reader must agree with it exactly. Foundation's
            // JSONSerialization is off by a few units in the last place for large exponents (seen on Linux), so it
            // is only a sanity check here.
            #expect(double == Double(field.valueBytes.string))
            if let exact = field.int64, field.valueBytes.allSatisfy({ $0 == 0x2D || (0x30...0x39).contains($0) }) {
                #expect(exact == number.int64Value)
            } else {
                #expect(abs(double - number.doubleValue) <= 1e-14 * abs(double))
            }
        case .bool:
            #expect(field.bool == (foundation as? NSNumber)?.boolValue)
        case .null:
            #expect(foundation is NSNull)
        case .array:
            #expect((foundation as? [Any])?.count == (try JSONReader().parseArray(field.valueBytes.buffer)).count)
        case .object:
            #expect((foundation as? [String: Any])?.count == (try JSONReader().parseObject(field.valueBytes.buffer)).count)
        }
    }
}
