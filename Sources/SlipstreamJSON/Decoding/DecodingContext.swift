import Foundation

/// What every decoder of one ``JSONEventDecoder`` shares: its options and a pool of readers for nested values.
///
/// Nested objects and arrays are parsed from their raw bytes by readers of their own, so the enclosing document's
/// field table stays valid while they decode. A reader returns to the pool when its decoder is released, so
/// containers a type keeps open side by side each hold their own.
final class DecodingContext {
    let options: JSONEventDecoder.Options
    private var freeReaders: [JSONReader] = []
    /// The nested decoders of the document being decoded: containers do not retain their decoder.
    private var nested: [TableDecoder] = []

    init(options: JSONEventDecoder.Options) {
        self.options = options
    }

    func acquireReader() -> JSONReader {
        freeReaders.popLast()
            ?? JSONReader(maxDocumentBytes: options.maxDocumentBytes, maxDepth: options.maxDepth)
    }

    func release(_ reader: JSONReader) {
        freeReaders.append(reader)
    }

    func keepAlive(_ decoder: TableDecoder) {
        nested.append(decoder)
    }

    /// Called when a document is decoded: releases its nested decoders (and so returns their readers).
    @inline(__always)
    func documentDone() {
        if !nested.isEmpty { nested.removeAll(keepingCapacity: true) }
    }

    /// Releases the nested decoders created since `mark` (a value's decoding has finished, so the containers made
    /// during it are gone): an array of 10,000 objects needs one pooled reader, not 10,000.
    private func releaseNested(downTo mark: Int) {
        if nested.count > mark { nested.removeSubrange(mark...) }
    }

    /// Decodes the value of `field` as a `T`: the path for everything that is not a primitive (nested types,
    /// collections, enums, dates, URLs, decimals).
    func decodeValue<T: Decodable>(
        _ type: T.Type, field: JSONField, path: [any CodingKey], key: any CodingKey, valueDecoder: FieldValueDecoder
    ) throws -> T {
        if let special = try decodeSpecial(type, field: field, path: path + [key]) { return special }
        switch field.kind {
        case .object, .array:
            let mark = nested.count
            defer { releaseNested(downTo: mark) }
            return try T(from: TableDecoder(nestedIn: self, field: field, path: path + [key]))
        default:
            valueDecoder.field = field
            valueDecoder.path = path
            valueDecoder.key = key
            return try T(from: valueDecoder)
        }
    }

    /// Types that JSON represents differently from their own `Codable` conformance, as Foundation's JSONDecoder
    /// does: `Date` (per the date strategy), `URL` (a string) and `Decimal` (a number, exactly).
    @inline(__always)
    func decodeSpecial<T>(_ type: T.Type, field: JSONField, path: @autoclosure () -> [any CodingKey]) throws -> T? {
        if T.self == Date.self {
            return try decodeDate(field, path: path()) as? T
        }
        if T.self == URL.self {
            let text = try field.decodeString(at: path())
            guard let url = URL(string: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "invalid URL"))
            }
            return url as? T
        }
        if T.self == Decimal.self {
            guard field.kind == .number, let value = Decimal(string: field.valueBytes.string) else {
                throw field.mismatch(Decimal.self, expected: "number", path: path())
            }
            return value as? T
        }
        return nil
    }

    func decodeDate(_ field: JSONField, path: [any CodingKey]) throws -> Date {
        switch options.dates {
        case .secondsSinceReferenceDate:
            return Date(timeIntervalSinceReferenceDate: try field.decodeDouble(at: path))
        case .secondsSince1970:
            return Date(timeIntervalSince1970: try field.decodeDouble(at: path))
        case .millisecondsSince1970:
            return Date(timeIntervalSince1970: try field.decodeDouble(at: path) / 1000)
        case .iso8601:
            let text = try field.decodeString(at: path)
            if let date = try? Date(text, strategy: .iso8601) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
                return date
            }
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "expected an ISO 8601 date, got \"\(text.prefix(40))\""))
        }
    }
}
