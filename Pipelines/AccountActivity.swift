import Foundation
import Slipstream

/// `account-activity`: keeps running figures per account from a Kafka topic of account events (card payments,
/// transfers, refunds) and writes one result per event, carrying the account's figures as of that event.
///
/// It is the pipeline to run exactly-once (`--guarantee exactly-once`): every event changes its account's state
/// and produces one result, so a result written twice or lost after a crash shows at once; the crash tests run
/// it.
///
/// Settings (all optional): `input-topic` (default `account-events`), `output-topic` (default
/// `account-activity`). Events are JSON objects such as
/// `{"id":17,"account":"acct-42","amount":1250,"time":1700000000000,"disputed":false}` (`amount` in cents,
/// negative for a refund; `disputed` whether the event was later disputed, when known); events that do not
/// decode go to `<input-topic>-dead-letters`. An account's figures are forgotten 400 days after its last event.
/// Results are keyed by account, so an account's results stay in order on one partition.
public enum AccountActivity {
    /// One account event as it arrives.
    public struct AccountEvent: Decodable, Sendable {
        /// Unique per event.
        public var id: Int64
        public var account: String
        /// In cents; negative for a refund.
        public var amount: Int64
        /// Milliseconds since 1970.
        public var time: Int64
        /// Whether the event was disputed (a chargeback), when known.
        public var disputed: Bool?
    }

    /// An account's running figures.
    public struct AccountTotals: Sendable, Hashable, BinaryCodable {
        /// Events seen.
        public var events: Int64 = 0
        /// The sum of the amounts, in cents.
        public var balance: Int64 = 0
        /// The largest single amount, in cents.
        public var largest: Int64 = 0
        /// Disputed events seen.
        public var disputes: Int64 = 0

        public init() {}

        /// Takes one event into the figures.
        public mutating func record(_ event: AccountEvent) {
            events += 1
            balance &+= event.amount
            largest = events == 1 ? event.amount : max(largest, event.amount)
            if event.disputed == true { disputes += 1 }
        }

        public func encode(to writer: inout BinaryWriter) throws(GridCodecError) {
            writer.write(events)
            writer.write(balance)
            writer.write(largest)
            writer.write(disputes)
        }

        public init(from reader: inout BinaryReader) throws(GridCodecError) {
            events = try reader.read(Int64.self)
            balance = try reader.read(Int64.self)
            largest = try reader.read(Int64.self)
            disputes = try reader.read(Int64.self)
        }
    }

    /// The result written for each event: the event's id and the account's figures as of it.
    public struct ActivityResult: Sendable, PayloadEncodable {
        public var id: Int64
        public var account: String
        public var time: Int64
        public var totals: AccountTotals

        public func encodePayload(into bytes: inout [UInt8]) {
            JSONObjectWriter.write(into: &bytes) { object in
                object.field("id", id)
                object.field("account", account)
                object.field("time", time)
                object.field("events", totals.events)
                object.field("balance", totals.balance)
                object.field("largest", totals.largest)
                object.field("disputes", totals.disputes)
            }
        }
    }

    /// The registry entry.
    public static let registration = RegisteredPipeline(
        name: "account-activity",
        summary: "Running figures per account from Kafka, one result per event (made to run exactly-once)",
        make: make)

    /// Builds the pipeline.
    public static func make(_ settings: PipelineSettings) -> Pipeline {
        let input = settings.string("input-topic", default: "account-events")
        let output = settings.string("output-topic", default: "account-activity")
        return Pipeline("account-activity") { p in
            p.read(.kafka(input, as: AccountEvent.self))
                .grouped(by: \.account)
                .stateful(name: "account-totals", initial: { AccountTotals() }, ttl: .days(400)) { totals, event in
                    totals.record(event)
                    return ActivityResult(id: event.id, account: event.account, time: event.time, totals: totals)
                }
                .write(.kafka(output, key: \.account), name: "results-out")
        }
    }
}
