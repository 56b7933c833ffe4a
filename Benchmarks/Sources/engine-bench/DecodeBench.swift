// JSON decode alone: flat events of about 200 bytes and 10 fields decoded into a struct, by SlipstreamJSON's
// JSONEventDecoder (through the @JSONEvent initializer, and through Decodable into an identical plain struct) and by
// Foundation's JSONDecoder in the same run.

import BenchSupport
import Foundation
import SlipstreamJSON

/// The figures of ``runDecodeBenchmark(events:rounds:log:)``: medians over the rounds.
struct DecodeFigures: Sendable {
    /// Events per second decoded into the `@JSONEvent` struct by `JSONEventDecoder`.
    var decodeEventsPerSecond: Double
    /// Events per second decoded by `JSONEventDecoder` through `Decodable` into its plain twin.
    var codableDecodeEventsPerSecond: Double
    /// Events per second decoded into the same struct by Foundation's `JSONDecoder`.
    var foundationDecodeEventsPerSecond: Double
    /// Documents per second parsed into a field table by `JSONReader` (no struct).
    var readerEventsPerSecond: Double
    /// Mean payload size in bytes.
    var meanEventBytes: Double

    var ratio: Double { decodeEventsPerSecond / foundationDecodeEventsPerSecond }
    var ratioVsCodable: Double { decodeEventsPerSecond / codableDecodeEventsPerSecond }
}

/// The decoded event: ten fields of the kinds a click or payment stream carries.
@JSONEvent
struct DecodeBenchEvent: Decodable, Equatable {
    let eventID: String
    let userID: Int64
    let session: String
    let type: String
    let amount: Double
    let currency: String
    let country: String
    let timestamp: Int64
    let mobile: Bool
    let score: Double

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", userID = "user_id", session, type, amount, currency, country
        case timestamp = "ts", mobile, score
    }
}

/// ``DecodeBenchEvent`` without `@JSONEvent`: what `JSONEventDecoder` does through `Decodable`.
struct CodableDecodeBenchEvent: Decodable, Equatable {
    let eventID: String
    let userID: Int64
    let session: String
    let type: String
    let amount: Double
    let currency: String
    let country: String
    let timestamp: Int64
    let mobile: Bool
    let score: Double

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", userID = "user_id", session, type, amount, currency, country
        case timestamp = "ts", mobile, score
    }

    func same(as event: DecodeBenchEvent) -> Bool {
        eventID == event.eventID && userID == event.userID && session == event.session && type == event.type
            && amount == event.amount && currency == event.currency && country == event.country
            && timestamp == event.timestamp && mobile == event.mobile && score == event.score
    }
}

/// Decodes `events` events per round with each decoder (Foundation's, being slower, gets a fifth of them), for
/// `rounds` interleaved rounds, and reports the medians.
func runDecodeBenchmark(events: Int, rounds: Int = 5, log: (String) -> Void = { print($0) }) -> DecodeFigures {
    let payloads = makeDecodeBenchPayloads(count: 10_000)
    let datas = payloads.map { Data($0) }
    let meanBytes = Double(payloads.reduce(0) { $0 + $1.count }) / Double(payloads.count)

    // The decoders must agree before their speeds mean anything.
    let ours = JSONEventDecoder()
    let codable = JSONEventDecoder()
    let foundation = JSONDecoder()
    for (payload, data) in zip(payloads.prefix(1000), datas) {
        let a = try? ours.decode(DecodeBenchEvent.self, from: payload)
        let b = try? foundation.decode(DecodeBenchEvent.self, from: data)
        let c = try? codable.decode(CodableDecodeBenchEvent.self, from: payload)
        if a == nil || a != b || c == nil || !c!.same(as: a!) {
            log("decode: MISMATCH between the decoders on \(String(decoding: payload, as: UTF8.self))")
            break
        }
    }

    let reader = JSONReader()
    let foundationEvents = max(events / 5, 1000)
    var oursRates: [Double] = []
    var codableRates: [Double] = []
    var foundationRates: [Double] = []
    var readerRates: [Double] = []
    var checksum = 0.0
    for _ in 0..<max(rounds, 1) {
        readerRates.append(callsPerSecond(events) { i in
            payloads[i % payloads.count].withUnsafeBytes { bytes in
                (try? reader.parseObject(bytes))?.count ?? 0
            }
        })
        oursRates.append(callsPerSecond(events) { i in
            payloads[i % payloads.count].withUnsafeBytes { bytes in
                guard let event = try? ours.decode(DecodeBenchEvent.self, from: bytes) else { return 0 }
                checksum += event.amount
                return 1
            }
        })
        codableRates.append(callsPerSecond(events) { i in
            payloads[i % payloads.count].withUnsafeBytes { bytes in
                guard let event = try? codable.decode(CodableDecodeBenchEvent.self, from: bytes) else { return 0 }
                checksum += event.amount
                return 1
            }
        })
        foundationRates.append(callsPerSecond(foundationEvents) { i in
            guard let event = try? foundation.decode(DecodeBenchEvent.self, from: datas[i % datas.count]) else { return 0 }
            checksum += event.amount
            return 1
        })
    }
    let figures = DecodeFigures(
        decodeEventsPerSecond: median(oursRates),
        codableDecodeEventsPerSecond: median(codableRates),
        foundationDecodeEventsPerSecond: median(foundationRates),
        readerEventsPerSecond: median(readerRates),
        meanEventBytes: meanBytes)
    log(String(format: "decode: %d-field events of %.0f bytes, %d rounds (medians); checksum %.0f",
               10, meanBytes, max(rounds, 1), checksum))
    log(String(format: "decode: JSONEventDecoder, @JSONEvent  %10.0f events/s", figures.decodeEventsPerSecond))
    log(String(format: "decode: JSONEventDecoder, Decodable   %10.0f events/s", figures.codableDecodeEventsPerSecond))
    log(String(format: "decode: Foundation JSONDecoder        %10.0f events/s", figures.foundationDecodeEventsPerSecond))
    log(String(format: "decode: JSONReader (table only)       %10.0f events/s", figures.readerEventsPerSecond))
    log(String(format: "decode: @JSONEvent vs Decodable       %10.2fx", figures.ratioVsCodable))
    log(String(format: "decode: @JSONEvent vs Foundation      %10.2fx", figures.ratio))
    return figures
}

/// Events per second of `body` over `count` calls; `body` returns a value so that the work is not optimized away.
/// Calls per second of `count` calls of `body` (given 0..<count), whose results are summed so that the work is not
/// optimized away.
func callsPerSecond(_ count: Int, _ body: (Int) -> Int) -> Double {
    let start = ContinuousClock.now
    var sink = 0
    for i in 0..<count { sink &+= body(i) }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if sink == .min { print(sink) }
    return Double(count) / max(seconds, 1e-9)
}

/// Deterministic payloads (a fixed-seed generator), varied enough that no branch predictor learns them.
func makeDecodeBenchPayloads(count: Int) -> [[UInt8]] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 11
    }
    let types = ["click", "view", "purchase", "add_to_cart", "signup"]
    let currencies = ["EUR", "USD", "GBP", "JPY"]
    let countries = ["DE", "US", "FR", "JP", "BR", "IN"]
    return (0..<count).map { i in
        let amount = Double(next() % 100_000) / 100
        let score = Double(next() % 1_000_000) / 1_000_000
        let text = #"{"event_id":"evt-\#(100_000_000 + i)","user_id":\#(next() % 10_000_000),"#
            + #""session":"sess-\#(String(next() | 1 << 52, radix: 16))","type":"\#(types[Int(next() % 5)])","#
            + #""amount":\#(amount),"currency":"\#(currencies[Int(next() % 4)])","country":"\#(countries[Int(next() % 6)])","#
            + #""ts":\#(1_732_262_400_000 + Int(next() % 86_400_000)),"mobile":\#(next() % 2 == 0),"score":\#(score)}"#
        return Array(text.utf8)
    }
}
