import Foundation
import Logging
import SlipstreamEngine
import SlipstreamKafka
import Testing
@testable import SlipstreamSnapshot

@Suite struct KafkaSnapshotStoreTests {
    private static let topic = "job.snapshots"

    /// A fresh cluster per test (tests run in parallel); 4 partitions keep each well under the mock's 5 MiB cap.
    private func makeCluster() throws -> EmbeddedKafka {
        var logger = Logger(label: "test.kafka")
        logger.logLevel = .critical
        return try EmbeddedKafka(
            brokers: 1, topics: [.init(Self.topic, partitions: 4)], retentionCheckInterval: nil, logger: logger)
    }

    private func configuration(_ kafka: EmbeddedKafka, retain: Int = 3) -> KafkaSnapshotStoreConfiguration {
        var configuration = KafkaSnapshotStoreConfiguration(
            topic: Self.topic, producer: kafka.producerConfiguration(), consumer: kafka.consumerConfiguration())
        configuration.retain = retain
        configuration.chunkBytes = 64 * 1024
        configuration.blockSize = 16 * 1024
        configuration.timeout = .seconds(20)
        return configuration
    }

    @Test func multiVertexRoundTripThroughAnotherReader() async throws {
        let kafka = try makeCluster()
        let writer = try KafkaSnapshotStore(configuration: configuration(kafka))
        let state = SampleJobState(seed: 1)
        state.write(to: writer, jobSnapshotID: 1)
        let manifest = try await writer.commit(snapshotID: 1, metadata: ["model.version": "3"])
        await writer.close()

        #expect(manifest.id == 1)
        #expect(manifest.metadata == ["model.version": "3"])
        let chunks = manifest.segments.flatMap { $0.chunks ?? [] }
        // The 300 KB model alone needs several chunks; none exceeds the chunk size; chunks avoid partition 0.
        #expect(chunks.count >= 6)
        #expect(chunks.allSatisfy { $0.byteCount <= 64 * 1024 && $0.partition != 0 })
        #expect(Set(chunks.map(\.partition)).count == 3)

        // Another process would open the topic the same way.
        let reader = try KafkaSnapshotStore(configuration: configuration(kafka), access: .reader)
        let listing = try reader.list()
        #expect(listing.map(\.id) == [1])
        #expect(listing[0].manifest == manifest)
        let contents = try #require(try reader.loadLatest())
        #expect(state.matches(contents))
        #expect(try reader.load(id: 1, vertices: ["source"]).vertexNames == ["source"])
    }

    @Test func retentionTombstonesOldSnapshotsAndIdsContinue() async throws {
        let kafka = try makeCluster()
        let first = try KafkaSnapshotStore(configuration: configuration(kafka, retain: 2))
        for jobSnapshotID in Int64(1)...3 {
            first.write(
                snapshotID: jobSnapshotID, vertex: "counter", instance: 0,
                entries: [SnapshotEntry(key: "n", value: [UInt8(jobSnapshotID)], partition: 4)])
            _ = try await first.commit(snapshotID: jobSnapshotID, metadata: [:])
        }
        await first.close()
        let second = try KafkaSnapshotStore(configuration: configuration(kafka, retain: 2))
        #expect(try second.list().map(\.id) == [3, 2])
        second.write(snapshotID: 1, vertex: "counter", instance: 0, entries: [SnapshotEntry(key: "n", value: [9])])
        #expect(try await second.commit(snapshotID: 1, metadata: [:]).id == 4)
        // Retention runs once the commit has returned; closing waits for it.
        await second.close()
        #expect(try second.list().map(\.id) == [4, 3])
        #expect(try second.loadLatest()?.entries(vertex: "counter") == [SnapshotEntry(key: "n", value: [9])])
        try second.delete(id: 4)
        #expect(try second.latestComplete()?.id == 3)
    }

    @Test func damagedManifestRecordFallsBackToThePreviousSnapshot() async throws {
        let kafka = try makeCluster()
        let log = CapturedLog()
        let store = try KafkaSnapshotStore(configuration: configuration(kafka), logger: log.logger)
        let manifests = try await writeTwoSnapshots(store)
        // A newer record under the manifest's key, with one byte altered in transit.
        var bytes = manifests[1].encoded()
        bytes[bytes.count / 2] ^= 0x08
        try produce(kafka, key: KafkaSnapshotRecord.manifestKey(2), value: bytes, partition: 0)

        let listing = try store.list()
        #expect(listing.map(\.problem?.code) == [.damaged, nil])
        let restored = try #require(try store.loadLatest())
        #expect(restored.manifest.id == 1)
        #expect(SampleJobState(seed: 1).matches(restored))
        #expect(log.contains("skipping snapshot 2", "checksum"))
        await store.close()
    }

    @Test func missingChunkFallsBackToThePreviousSnapshot() async throws {
        let kafka = try makeCluster()
        let log = CapturedLog()
        let store = try KafkaSnapshotStore(configuration: configuration(kafka), logger: log.logger)
        let manifests = try await writeTwoSnapshots(store)
        // A manifest whose first chunk points at a record that is not that chunk (a chunk of snapshot 1).
        var altered = manifests[1]
        altered.segments[0].chunks![0] = manifests[0].segments[0].chunks![0]
        try produce(kafka, key: KafkaSnapshotRecord.manifestKey(2), value: altered.encoded(), partition: 0)

        #expect(try store.latestComplete()?.id == 2)
        let restored = try #require(try store.loadLatest())
        #expect(restored.manifest.id == 1)
        #expect(log.contains("skipping snapshot 2", "is not chunk 0 of segment 0"))
        await store.close()
    }

    @Test func unreachableBrokerFailsTheCommitAndKeepsThePreviousSnapshot() async throws {
        let kafka = try makeCluster()
        var settings = configuration(kafka)
        settings.timeout = .seconds(2)
        settings.producer.messageTimeout = .seconds(60)
        let store = try KafkaSnapshotStore(configuration: settings)
        SampleJobState(seed: 1).write(to: store, jobSnapshotID: 1)
        _ = try await store.commit(snapshotID: 1, metadata: [:])

        try kafka.setBrokerDown(kafka.brokerIDs[0])
        SampleJobState(seed: 2).write(to: store, jobSnapshotID: 2)
        let error = await #expect(throws: SnapshotStoreError.self) {
            _ = try await store.commit(snapshotID: 2, metadata: [:])
        }
        #expect(error?.code == .writeFailed)
        #expect(error?.message.contains("unacknowledged") == true)
        try kafka.setBrokerUp(kafka.brokerIDs[0])

        let reader = try KafkaSnapshotStore(configuration: configuration(kafka), access: .reader)
        #expect(try reader.latestComplete()?.id == 1)
        #expect(SampleJobState(seed: 1).matches(try #require(try reader.loadLatest())))
        await store.close()
    }

    // MARK: - Helpers

    private func writeTwoSnapshots(_ store: KafkaSnapshotStore) async throws -> [SnapshotManifest] {
        var manifests: [SnapshotManifest] = []
        for index in 1...2 {
            SampleJobState(seed: UInt64(index)).write(to: store, jobSnapshotID: Int64(index))
            manifests.append(try await store.commit(snapshotID: Int64(index), metadata: [:]))
        }
        return manifests
    }

    private func produce(_ kafka: EmbeddedKafka, key: String, value: [UInt8], partition: Int32) throws {
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration())
        try producer.send(to: Self.topic, partition: partition, key: key, value: value)
        try producer.flush(timeout: .seconds(10))
    }
}
