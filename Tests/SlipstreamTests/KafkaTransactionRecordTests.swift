import Foundation
import Slipstream
import Testing

/// The records that tie an exactly-once Kafka sink's transactions to snapshots: the position saved with a
/// snapshot and the commit record written in the transaction log.
@Suite struct KafkaTransactionRecordTests {
    let position = KafkaTransactionPosition(
        transactionalID: "fraud.scores-out", logTopic: "fraud-scores-transactions", lineage: "00ab12cd34ef5678", epoch: 41)

    @Test func positionRoundTripsThroughItsAnnotation() {
        #expect(KafkaTransactionPosition(annotation: position.annotation) == position)
    }

    @Test(arguments: [
        "", "id=a log=b lineage=c", "id= log=b lineage=c epoch=1", "id=a log=b lineage=c epoch=x",
        "id=a log=b lineage=c epoch=-1", "id=a log=b lineage=c epoch=1 stray",
    ])
    func malformedAnnotationsAreRejected(_ text: String) {
        #expect(KafkaTransactionPosition(annotation: text) == nil)
    }

    @Test func aCommitNamesExactlyItsOwnTransaction() throws {
        let commit = KafkaSinkCommit(
            transactionalID: position.transactionalID, lineage: position.lineage, epoch: position.epoch,
            ranges: [.init(topic: "fraud-scores", partition: 2, first: 100, last: 180)], reason: "snapshot",
            committedAtMilliseconds: 1_700_000_000_000)
        let decoded = try #require(KafkaSinkCommit(json: try commit.jsonBytes()))
        #expect(decoded == commit)
        #expect(position.isCommitted(by: decoded))

        var later = position
        later.epoch += 1
        #expect(!later.isCommitted(by: decoded))
        var otherLineage = position
        otherLineage.lineage = "ffffffffffffffff"
        #expect(!otherLineage.isCommitted(by: decoded))
        #expect(KafkaSinkCommit(json: Array("{\"epoch\":1}".utf8)) == nil)
    }
}
