import SlipstreamEngine
import SlipstreamKafka

/// The snapshot form of a Kafka source's positions: a version byte, then per partition the topic (length and
/// UTF-8), the partition and the next offset, little-endian.
struct OffsetEncoding {
    static let version: UInt8 = 1

    private(set) var bytes: [UInt8] = [OffsetEncoding.version]

    mutating func append(_ partition: KafkaTopicPartition, position: Int64) {
        let topic = Array(partition.topic.utf8)
        appendInteger(UInt32(topic.count))
        bytes += topic
        appendInteger(UInt32(bitPattern: partition.partition))
        appendInteger(UInt64(bitPattern: position))
    }

    private mutating func appendInteger<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    static func decode(_ bytes: [UInt8]) throws -> [(KafkaTopicPartition, Int64)] {
        func corrupt() -> EngineError {
            EngineError(.snapshotRestoreFailed, "the saved Kafka positions are corrupt or of an unknown version")
        }
        guard bytes.first == version else { throw corrupt() }
        var cursor = 1
        func read<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard cursor + size <= bytes.count else { throw corrupt() }
            var value = T.zero
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[cursor..<cursor + size]) }
            cursor += size
            return T(littleEndian: value)
        }
        var result: [(KafkaTopicPartition, Int64)] = []
        while cursor < bytes.count {
            let length = Int(try read(UInt32.self))
            guard cursor + length <= bytes.count else { throw corrupt() }
            let topic = String(decoding: bytes[cursor..<cursor + length], as: UTF8.self)
            cursor += length
            let partition = Int32(bitPattern: try read(UInt32.self))
            let position = Int64(bitPattern: try read(UInt64.self))
            result.append((KafkaTopicPartition(topic: topic, partition: partition), position))
        }
        return result
    }
}
