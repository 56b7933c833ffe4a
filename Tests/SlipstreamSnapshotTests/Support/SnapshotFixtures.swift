import Foundation
import SlipstreamEngine
import SlipstreamTestKit
@testable import SlipstreamSnapshot

/// A scratch directory removed when the test is done with it.
final class ScratchDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/slipstream-snapshot-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Deterministic entries for one processor instance: keyed state, a few without partition, some empty values,
/// varied sizes so that blocks split at different points.
func sampleEntries(vertex: String, instance: Int, count: Int, seed: UInt64 = 1) -> [SnapshotEntry] {
    var generator = SeededGenerator(seed: seed &+ UInt64(instance) &* 7919 &+ UInt64(truncatingIfNeeded: vertex.hashValue & 0))
    var entries: [SnapshotEntry] = []
    entries.reserveCapacity(count)
    for index in 0..<count {
        let key = Array("\(vertex)/\(instance)/key-\(index)".utf8)
        let length = Int(generator.next() % 200)
        let value = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let partition: Int? = index % 10 == 0 ? nil : Int(generator.next() % 271)
        entries.append(SnapshotEntry(key: key, value: value, partition: partition))
    }
    return entries
}

/// The state of a small job: three vertices with different parallelism, one of them holding a large value (a
/// model) that spans several blocks.
struct SampleJobState {
    var byVertex: [String: [Int: [SnapshotEntry]]] = [:]

    init(seed: UInt64) {
        for instance in 0..<2 {
            byVertex["source", default: [:]][instance] = [
                SnapshotEntry(key: "offsets", value: Array("events[\(instance)]@\(1000 + Int(seed))".utf8))
            ]
        }
        for instance in 0..<3 {
            byVertex["per-card state", default: [:]][instance] = sampleEntries(
                vertex: "per-card state", instance: instance, count: 700, seed: seed)
        }
        var generator = SeededGenerator(seed: seed)
        let model = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        byVertex["learn", default: [:]][0] = [
            SnapshotEntry(key: "model", value: model), SnapshotEntry(key: "examples", value: [1, 2, 3]),
        ]
    }

    /// Writes the state into `store` as snapshot `jobSnapshotID`, in batches as the engine would.
    func write(to store: some SnapshotStore, jobSnapshotID: Int64, batch: Int = 97) {
        for (vertex, instances) in byVertex.sorted(by: { $0.key < $1.key }) {
            for (instance, entries) in instances.sorted(by: { $0.key < $1.key }) {
                var start = 0
                while start < entries.count {
                    let end = min(entries.count, start + batch)
                    store.write(
                        snapshotID: jobSnapshotID, vertex: vertex, instance: instance,
                        entries: Array(entries[start..<end]))
                    start = end
                }
            }
        }
    }

    /// Whether `contents` holds exactly this state, instance by instance and in order.
    func matches(_ contents: SnapshotContents) -> Bool {
        guard Set(contents.vertexNames) == Set(byVertex.keys) else { return false }
        for (vertex, instances) in byVertex {
            guard contents.instances(of: vertex) == instances.keys.sorted() else { return false }
            for (instance, entries) in instances where Array(contents.entries(vertex: vertex, instance: instance)) != entries {
                return false
            }
        }
        return true
    }
}

/// Flips one byte of a file in place.
func flipByte(in path: String, at offset: Int) throws {
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    data[offset] ^= 0x5A
    try data.write(to: URL(fileURLWithPath: path))
}

/// Cuts a file to `length` bytes.
func truncateFile(_ path: String, to length: Int) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: UInt64(length))
    try handle.close()
}

/// The path of the first segment file of `vertex` in snapshot `manifest` of the directory store at `root`.
func segmentPath(root: String, manifest: SnapshotManifest, vertex: String) -> String {
    let segment = manifest.segments.first { $0.vertex == vertex }!
    return root + "/" + DirectoryLayout.name(of: manifest.id) + "/" + segment.file!
}
