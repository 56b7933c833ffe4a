import Foundation

/// A value that saves itself in the grid's compact binary snapshot format.
///
/// Grid-map partitions, window state and join buffers are saved through this protocol. Standard types conform
/// with hand-written encodings. For any other `Codable` type, declaring an empty conformance
/// (`extension Profile: BinaryCodable {}`) picks the Codable fallback, which embeds a length-prefixed JSON
/// document: convenient, but several times larger and slower than a hand-written ``encode(to:)``.
public protocol BinaryCodable: SendableMetatype {
    /// Appends the value to `writer`. Throws only if the value cannot be represented (the Codable fallback
    /// rethrows its encoder's error), so a snapshot fails with a message instead of the process crashing.
    func encode(to writer: inout BinaryWriter) throws(GridCodecError)
    /// Reads a value written by ``encode(to:)``; throws on truncated or invalid bytes.
    init(from reader: inout BinaryReader) throws(GridCodecError)
}

extension BinaryCodable where Self: Codable {
    public func encode(to writer: inout BinaryWriter) throws(GridCodecError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        do {
            writer.writeBlock(try encoder.encode(self))
        } catch {
            throw .invalid("\(Self.self) could not be encoded with Codable: \(error)")
        }
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        let block = try reader.readBlock()
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        do {
            self = try decoder.decode(Self.self, from: Data(block))
        } catch {
            throw .invalid("\(Self.self) could not be decoded from its Codable form: \(error)")
        }
    }
}
