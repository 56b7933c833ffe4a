import Foundation
import PropertyBased

/// Random flat JSON objects for the property and fuzz tests, and two ways of writing them: Foundation's
/// `JSONSerialization`, and a writer of our own that escapes every non-ASCII character and adds random whitespace.
enum GeneratedValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case array([Int64])
    case object([String: Int64])

    var foundationValue: Any {
        switch self {
        case .string(let s): s
        case .int(let i): NSNumber(value: i)
        case .double(let d): NSNumber(value: d)
        case .bool(let b): NSNumber(value: b)
        case .null: NSNull()
        case .array(let a): a.map { NSNumber(value: $0) }
        case .object(let o): o.mapValues { NSNumber(value: $0) }
        }
    }
}

struct GeneratedObject: Sendable, CustomStringConvertible {
    var members: [(key: String, value: GeneratedValue)]

    var description: String { String(decoding: escapedJSON(whitespaceSeed: 0), as: UTF8.self) }

    /// The object written by `JSONSerialization`.
    var foundationJSON: Data {
        let dictionary = Dictionary(members.map { ($0.key, $0.value.foundationValue) }, uniquingKeysWith: { a, _ in a })
        return try! JSONSerialization.data(withJSONObject: dictionary)
    }

    /// The object written with every non-ASCII or special character as a `\u` escape (surrogate pairs beyond the
    /// BMP) and pseudo-random whitespace between tokens.
    func escapedJSON(whitespaceSeed: UInt64) -> [UInt8] {
        var seed = whitespaceSeed
        var out: [UInt8] = []
        func space() {
            guard whitespaceSeed != 0 else { return }
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let spaces: [[UInt8]] = [[], [], [0x20], [0x0A], [0x09, 0x20], [0x0D, 0x0A]]
            out += spaces[Int(seed >> 60) % spaces.count]
        }
        func string(_ s: String) {
            out.append(0x22)
            for unit in s.utf16 {
                switch unit {
                case 0x22: out += Array(#"\""#.utf8)
                case 0x5C: out += Array(#"\\"#.utf8)
                case 0x0A: out += Array(#"\n"#.utf8)
                case 0x20..<0x7F: out.append(UInt8(unit))
                default: out += Array(String(format: "\\u%04x", unit).utf8)
                }
            }
            out.append(0x22)
        }
        space()
        out.append(0x7B)
        for (i, member) in members.enumerated() {
            if i > 0 { out.append(0x2C) }
            space(); string(member.key); space(); out.append(0x3A); space()
            switch member.value {
            case .string(let s): string(s)
            case .int(let v): out += Array("\(v)".utf8)
            case .double(let v): out += Array("\(v)".utf8)
            case .bool(let v): out += Array("\(v)".utf8)
            case .null: out += Array("null".utf8)
            case .array(let a): out += Array("[\(a.map { "\($0)" }.joined(separator: ", "))]".utf8)
            case .object(let o):
                out.append(0x7B)
                for (j, (k, v)) in o.sorted(by: { $0.key < $1.key }).enumerated() {
                    if j > 0 { out.append(0x2C) }
                    string(k); out.append(0x3A); out += Array("\(v)".utf8)
                }
                out.append(0x7D)
            }
            space()
        }
        out.append(0x7D)
        space()
        return out
    }
}

enum GeneratedJSON {
    /// Strings mixing ASCII, JSON's special characters, controls, BMP and astral characters.
    static func string(_ rng: inout any SeededRandomNumberGenerator, maxLength: Int = 24) -> String {
        let length = Int.random(in: 0...maxLength, using: &rng)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let value: UInt32
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: value = UInt32.random(in: 0...0x1F, using: &rng)
            case 1: value = [0x22, 0x5C, 0x2F, 0x7F].randomElement(using: &rng)!
            case 2: value = UInt32.random(in: 0x80...0x7FF, using: &rng)
            case 3: value = UInt32.random(in: 0x800...0xD7FF, using: &rng)
            case 4: value = UInt32.random(in: 0x10000...0x10FFFF, using: &rng)
            default: value = UInt32.random(in: 0x20...0x7E, using: &rng)
            }
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    static func value(_ rng: inout any SeededRandomNumberGenerator) -> GeneratedValue {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1: return .string(string(&rng))
        case 2: return .int(Int64.random(in: .min ... .max, using: &rng))
        case 3: return .int(Int64.random(in: -1000...1000, using: &rng))
        case 4:
            let magnitude = Double.random(in: -300...300, using: &rng)
            return .double(Double.random(in: -1...1, using: &rng) * pow(10, magnitude))
        case 5: return .double(Double(Int.random(in: -100_000...100_000, using: &rng)) / 100)
        case 6: return .bool(Bool.random(using: &rng))
        case 7: return .null
        case 8: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in Int64.random(in: -99...99, using: &rng) })
        default:
            var object: [String: Int64] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) { object[string(&rng, maxLength: 6)] = Int64.random(in: 0...9, using: &rng) }
            return .object(object)
        }
    }

    /// Objects of up to 16 members with distinct keys.
    static let object = Generator<GeneratedObject, Shrink.None<GeneratedObject>> { rng in
        var members: [(key: String, value: GeneratedValue)] = []
        var keys = Set<String>()
        for _ in 0..<Int.random(in: 0...16, using: &rng) {
            let key = Bool.random(using: &rng) ? "k\(keys.count)" : string(&rng, maxLength: 10)
            guard keys.insert(key).inserted else { continue }
            members.append((key, value(&rng)))
        }
        return GeneratedObject(members: members)
    }
}
