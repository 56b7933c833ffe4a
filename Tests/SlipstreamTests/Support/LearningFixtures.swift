import Foundation
import Logging
import SlipstreamEngine
import SlipstreamLearn
import SlipstreamTestKit

@testable import Slipstream

/// A card payment for the learning tests: a merchant that tells fraud apart, an amount, an event time.
struct CardPayment: Sendable, Hashable {
    var id: String
    var merchant: String
    var amount: Double
    var time: Int64
    var isFraud: Bool
}

/// A chargeback: the label of a fraudulent payment, arriving later.
struct Chargeback: Sendable, Hashable {
    var paymentID: String
    var time: Int64
    var isFraud = true
}

/// `count` payments one second apart; merchants `m-0` … `m-9`, of which `m-7` is where fraud happens
/// (mostly), with amounts that also differ a little.
func makeCardPayments(_ count: Int, seed: UInt64 = 7, start: Int64 = 1_700_000_000_000) -> [CardPayment] {
    var random = SeededGenerator(seed: seed)
    return (0..<count).map { i in
        let merchant = "m-\(Int.random(in: 0..<10, using: &random))"
        let isFraud = merchant == "m-7" ? Double.random(in: 0..<1, using: &random) < 0.8
            : Double.random(in: 0..<1, using: &random) < 0.03
        let amount = (isFraud ? 300 : 50) * Double.random(in: 0.5..<1.5, using: &random)
        return CardPayment(id: "p-\(i)", merchant: merchant, amount: amount, time: start + Int64(i) * 1_000, isFraud: isFraud)
    }
}

/// The schema every learning test scores with.
let paymentSchema = FeatureSchema<CardPayment>(hashBits: 18) {
    NumericFeature("amount") { $0.amount }
    CategoricalFeature("merchant") { $0.merchant }
}

/// What the scoring stage does to a payment, done by hand with SlipstreamLearn: the reference the stage must
/// agree with.
struct ReferenceScorer {
    var encoder: FeatureEncoder
    var learners: [LogisticRegression]
    var vector: FeatureVector

    init(_ specs: [LearnerSpec], schema: FeatureSchema<CardPayment> = paymentSchema) throws {
        encoder = try FeatureEncoder(spec: schema.spec)
        let denseSlots = encoder.denseSlots
        learners = try specs.map {
            try LogisticRegression(configuration: $0.configuration(hashBits: schema.spec.hashBits, denseSlots: denseSlots))
        }
        vector = encoder.makeVector()
    }

    /// The features served for `payment` (the encoder's running scaler learns it, as the stage's does); an
    /// amount that is not finite or beyond the schema's limit is missing.
    mutating func encode(_ payment: CardPayment) -> FeatureVector {
        encoder.begin(&vector)
        let amount = payment.amount
        encoder.addNumeric(0, amount.isFinite && abs(amount) <= paymentSchema.maxMagnitude ? amount : nil, to: &vector)
        encoder.addCategorical(0, payment.merchant, to: &vector)
        encoder.finish(&vector)
        return vector
    }

    mutating func learn(_ features: FeatureVector, target: Double) {
        for i in learners.indices { learners[i].learn(features, target: target) }
    }
}

/// The setup of a scoring stage over payments awaiting chargebacks, as the DSL records it.
func chargebackSetup(
    _ specs: [LearnerSpec] = [.logisticRegression()], serving: Int = 0, within: Duration = .seconds(10),
    unlabelled: UnlabelledExamples = .negative, mode: LearningMode = .learning,
    schema: FeatureSchema<CardPayment> = paymentSchema
) -> ScoringSetup<CardPayment, String> {
    ScoringSetup(
        schema: schema, learners: specs, serving: serving, id: { $0.id }, mode: mode, reasons: 2,
        target: nil,
        labels: LabelSettings(within: within, eventTime: { $0.time }, learns: true, unlabelled: unlabelled))
}

/// Fails a verification run with a message.
struct LearningCheckFailure: Error, CustomStringConvertible {
    var description: String
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw LearningCheckFailure(description: message()) }
}

/// A payment or a chargeback, in one stream ordered by time: read by one source and split in two, so that
/// labels reach the scoring stage at the pace of the payments (two sources would run at their own paces).
enum PaymentActivity: Sendable {
    case payment(CardPayment)
    case chargeback(Chargeback)

    var time: Int64 {
        switch self {
        case .payment(let payment): payment.time
        case .chargeback(let chargeback): chargeback.time
        }
    }

    var payment: CardPayment? {
        if case .payment(let payment) = self { payment } else { nil }
    }

    var chargeback: Chargeback? {
        if case .chargeback(let chargeback) = self { chargeback } else { nil }
    }
}

/// Payments and their chargebacks merged by time (a payment before a chargeback of the same time).
func activity(_ payments: [CardPayment], _ chargebacks: [Chargeback]) -> [PaymentActivity] {
    (payments.map(PaymentActivity.payment) + chargebacks.map(PaymentActivity.chargeback))
        .enumerated()
        .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        .map(\.element)
}

/// Two worker threads, and logs only for errors the test does not provoke on purpose.
let quietLearningConfiguration = PipelineConfiguration(
    cooperativeThreads: 2, job: JobConfig(logger: silentLogger), logger: silentLogger)

/// A logger that prints nothing: for tests that feed bad model files on purpose.
let silentLogger: Logger = {
    var logger = Logger(label: "slipstream.tests.learning")
    logger.logLevel = .critical
    return logger
}()
