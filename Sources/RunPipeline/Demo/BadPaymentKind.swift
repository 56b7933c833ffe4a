/// The kinds of bad input the demo mixes into the payments, one of each kind in turn: each must end up in the
/// dead-letter topic with its reason, and none may reach the model.
enum BadPaymentKind: Int, CaseIterable, Sendable {
    case truncatedJSON
    case missingAmount
    case amountAsText
    case negativeAmount
    case infiniteAmount
    case futureTime
    case emptyCard

    /// The payload of bad payment `id`, from the fields of a genuine one.
    func payload(id: String, card: String, merchant: String, mcc: String, country: String, amount: Double, time: Int64)
        -> String
    {
        let fields = #""id":"\#(id)","card":"\#(card)","merchant":"\#(merchant)","mcc":"\#(mcc)","country":"\#(country)","channel":"pos""#
        switch self {
        case .truncatedJSON: return #"{\#(fields),"amount":\#(amount),"ti"#
        case .missingAmount: return #"{\#(fields),"time":\#(time)}"#
        case .amountAsText: return #"{\#(fields),"amount":"\#(amount)","time":\#(time)}"#
        case .negativeAmount: return #"{\#(fields),"amount":-\#(amount),"time":\#(time)}"#
        case .infiniteAmount: return #"{\#(fields),"amount":1e999,"time":\#(time)}"#
        case .futureTime: return #"{\#(fields),"amount":\#(amount),"time":\#(time + 90 * 86_400_000)}"#
        case .emptyCard:
            return #"{"id":"\#(id)","card":"","merchant":"\#(merchant)","mcc":"\#(mcc)","country":"\#(country)","channel":"pos","amount":\#(amount),"time":\#(time)}"#
        }
    }
}
