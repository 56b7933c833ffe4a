import Foundation
import Slipstream

/// `account-activity`: keeps running figures per account from a Kafka topic of account events (card payments,
/// transfers, refunds), scores each event's risk of being disputed with an online logistic regression that learns
/// from every event whose outcome is known, and writes one result per event.
///
/// ```
/// account-events ─► grouped by account ─► account-totals (per-account state) ─► dispute-risk (FTRL, learns) ─► account-activity
/// ```
///
/// It is the pipeline to run exactly-once (`--guarantee exactly-once`): every event changes its account's state,
/// trains the model once and produces one result, so a result written twice or lost after a crash shows at once,
/// and the result's `model_version` (examples the model had learnt before this event) numbers the events the
/// model learnt; the crash tests run it.
///
/// Events are JSON objects such as
/// `{"id":17,"account":"acct-42","amount":1250,"time":1700000000000,"disputed":false}` (`amount` in cents,
/// negative for a refund; `disputed`: whether the event was disputed, when known — events without it are scored
/// but not learnt); events that do not decode go to `<input-topic>-dead-letters`. An account's figures are
/// forgotten 400 days after its last event. Results are keyed by account, so an account's results stay in order
/// on one partition. Settings: ``settings``.
public enum AccountActivity {
    /// One account event as it arrives.
    @JSONEvent
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

    /// An event with its account's figures just before it (what the model may use: they do not reveal the
    /// event's own outcome) and just after it (what the result reports).
    public struct AccountActivity: Sendable {
        public var event: AccountEvent
        public var before: AccountTotals
        public var totals: AccountTotals
    }

    /// The result written for each event: `{"id":17,"account":"acct-42","time":…,"events":3,"balance":…,
    /// "largest":…,"disputes":0,"risk":0.0123,"model_version":5120}`.
    public struct ActivityResult: Sendable, PayloadEncodable {
        public var id: Int64
        public var account: String
        public var time: Int64
        public var totals: AccountTotals
        /// The predicted probability that the event is disputed.
        public var risk: Double
        /// Examples the model had learnt before scoring this event.
        public var modelVersion: Int64

        /// The result of a scored event.
        public init(_ scored: Scored<AccountActivity>) {
            id = scored.event.event.id
            account = scored.event.event.account
            time = scored.event.event.time
            totals = scored.event.totals
            risk = scored.score
            modelVersion = scored.modelVersion
        }

        public func encodePayload(into bytes: inout [UInt8]) {
            JSONObjectWriter.write(into: &bytes) { object in
                object.field("id", id)
                object.field("account", account)
                object.field("time", time)
                object.field("events", totals.events)
                object.field("balance", totals.balance)
                object.field("largest", totals.largest)
                object.field("disputes", totals.disputes)
                object.field("risk", risk)
                object.field("model_version", modelVersion)
            }
        }
    }

    /// The settings the pipeline reads, with their defaults.
    public static let settings: [PipelineSettingInfo] = [
        .init("input-topic", default: "account-events", "the topic of account events"),
        .init("output-topic", default: "account-activity", "the topic of results, one per event"),
        .init("ftrl-alpha", default: "0.05", "FTRL learning rate alpha of the dispute-risk model"),
        .init("hash-bits", default: "20", "bits of the hashed feature space (18-28)"),
    ]

    /// The registry entry.
    public static let registration = RegisteredPipeline(
        name: "account-activity",
        summary: "Running figures per account and an online dispute-risk model, one result per event (made to run exactly-once)",
        settings: settings, make: make)

    /// Builds the pipeline.
    public static func make(_ settings: PipelineSettings) throws -> Pipeline {
        try settings.rejectUnknown(known: Self.settings)
        let input = try settings.name("input-topic", default: "account-events")
        let output = try settings.name("output-topic", default: "account-activity")
        let alpha = try settings.double("ftrl-alpha", default: 0.05, in: 1e-9...100)
        let hashBits = try settings.int("hash-bits", default: 20, in: 18...28)
        return Pipeline("account-activity") { p in
            p.read(.kafka(input, as: AccountEvent.self))
                .grouped(by: \.account)
                .stateful(name: "account-totals", initial: { AccountTotals() }, ttl: .days(400)) { totals, event in
                    let before = totals
                    totals.record(event)
                    return AccountActivity(event: event, before: before, totals: totals)
                }
                .features(schema(hashBits: hashBits))
                .learn(with: .logisticRegression(.ftrl(alpha: alpha), name: "dispute-risk"), mode: settings.learningMode, reasons: 0) {
                    $0.event.disputed.map { $0 ? 1 : 0 }
                }
                .map(name: "result") { ActivityResult($0) }
                .write(.kafka(output, key: \.account), name: "results-out")
        }
    }

    /// The features of an event: its amount against the account's history before it, and that history.
    static func schema(hashBits: Int) -> FeatureSchema<AccountActivity> {
        typealias Numeric = NumericFeature<AccountActivity>
        return FeatureSchema(hashBits: hashBits) {
            Numeric("amount") { Double($0.event.amount) / 100 }
            Numeric("prior_events") { Double($0.before.events) }
            Numeric("prior_balance") { Double($0.before.balance) / 100 }
            Numeric("share_of_largest") { activity in
                activity.before.largest <= 0 ? nil : Double(activity.event.amount) / Double(activity.before.largest)
            }
            Numeric("prior_dispute_rate") { activity in
                activity.before.events == 0 ? nil : Double(activity.before.disputes) / Double(activity.before.events)
            }
        }
    }
}
