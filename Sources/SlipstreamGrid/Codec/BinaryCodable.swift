import Foundation

/// A value that saves itself in the grid's compact binary snapshot format.
///
/// Grid-map partitions, window state and join buffers are saved through this protocol. Standard types conform
/// with hand-written encodings. For any other `Codable` type, declaring an empty conformance
/// (`extension Profile: BinaryCodable {}`) picks the Codable fallback, which embeds a length-prefixed JSON
/// document: convenient, but several times larger and slower than a hand-written ``encode(to:)``.
public protocol BinaryCodable {
    /// Appends the value to `writer`.
    func encode(to writer: inout BinaryWriter)
    /// Reads a value written by ``encode(to:)``; throws on truncated or invalid bytes.
    init(from reader: inout BinaryReader) throws(GridCodecError)
}

extension BinaryCodable where Self: Codable {
    public func encode(to writer: inout BinaryWriter) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            writer.writeBlock(try encoder.encode(self))
        } catch {
            preconditionFailure("\(Self.self) failed to encode itself with Codable: \(error)")
        }
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        let block = try reader.readBlock()
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(block))
        } catch {
            throw .invalid("\(Self.self) could not be decoded from its Codable form: \(error)")
        }
    }
}
