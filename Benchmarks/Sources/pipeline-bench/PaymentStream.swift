import Foundation
import Slipstream

/// The benchmark's payments and chargebacks: deterministic JSON in the `fraud-detection` pipeline's input format,
/// over 20,000 cards and 2,000 merchants, 1% fraud (large online payments at quasi-cash merchants abroad), each
/// fraud charged back a day later. Payment `i` has id `p-<i>`, so a score finds its payment by number.
struct PaymentStream {
    static let categories = ["5411", "5812", "5814", "5541", "5311", "5999", "4111", "5732", "7011", "4511"]
    static let countries = ["US", "US", "US", "GB", "DE", "FR", "CA", "ES"]

    private var state: UInt64
    private(set) var payload: [UInt8] = []
    private(set) var key = ""

    init(seed: UInt64 = 42) {
        state = seed
        payload.reserveCapacity(256)
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Writes payment `index` at event time `time` into ``payload`` (and its card into ``key``); returns whether
    /// it is fraud.
    @discardableResult
    mutating func payment(_ index: Int, time: Int64) -> Bool {
        let card = Int(next() % 20_000)
        let fraud = next() % 100 == 0
        let merchant = fraud ? 2_000 + Int(next() % 50) : Int(next() % 2_000)
        let mcc = fraud ? "6051" : Self.categories[merchant % Self.categories.count]
        let country = fraud ? "RO" : Self.countries[merchant % Self.countries.count]
        let amount = ((fraud ? 400 + 800 * uniform() : exp(3 + 0.8 * (uniform() + uniform() - 1) * 2)) * 100).rounded() / 100
        key = "c-\(card)"
        payload.removeAll(keepingCapacity: true)
        JSONObjectWriter.write(into: &payload) { object in
            object.field("id", "p-\(index)")
            object.field("card", key)
            object.field("merchant", "m-\(merchant)")
            object.field("mcc", mcc)
            object.field("country", country)
            object.field("channel", fraud || merchant % 3 == 0 ? "online" : "pos")
            object.field("amount", amount)
            object.field("time", time)
        }
        return fraud
    }

    /// Writes the chargeback of payment `index` into ``payload`` (its id into ``key``).
    mutating func chargeback(_ index: Int, card: String, time: Int64) {
        key = "p-\(index)"
        payload.removeAll(keepingCapacity: true)
        JSONObjectWriter.write(into: &payload) { object in
            object.field("payment_id", key)
            object.field("card", card)
            object.field("time", time)
            object.field("reason", "fraud")
        }
    }
}
