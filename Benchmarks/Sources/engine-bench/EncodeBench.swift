// JSON encode alone: the Kafka part's output event (five fields: two strings, two integers, a double) written as a
// flat JSON object by its `PayloadEncodable` conformance (JSONObjectWriter) and by Foundation's JSONEncoder in the
// same run.

import BenchSupport
import Foundation
import Slipstream

/// The figures of ``runEncodeBenchmark(events:rounds:log:)``: medians over the rounds.
struct EncodeFigures {
    /// Events per second written by `KafkaBenchOutput.encodePayload(into:)` into a reused buffer.
    var encodeEventsPerSecond: Double
    /// Events per second written by Foundation's `JSONEncoder`.
    var foundationEncodeEventsPerSecond: Double
    /// Mean payload size in bytes.
    var meanEventBytes: Double

    var ratio: Double { encodeEventsPerSecond / foundationEncodeEventsPerSecond }
}

/// Encodes the Kafka part's output events `rounds` times both ways; both must give the same objects.
func runEncodeBenchmark(events: Int, rounds: Int = 5, log: (String) -> Void = { print($0) }) -> EncodeFigures {
    let decoder = JSONEventDecoder()
    let outputs = makeDecodeBenchPayloads(count: 10_000).map { payload in
        let event = try! decoder.decode(DecodeBenchEvent.self, from: payload)
        return KafkaBenchOutput(
            eventID: event.eventID, userID: event.userID, cents: Int64((event.amount * 100).rounded()),
            country: event.country, risk: event.mobile ? event.score * 2 : event.score)
    }
    let foundation = JSONEncoder()

    // The encoders must agree (as parsed objects: their key order differs) before their speeds mean anything.
    var bytes: [UInt8] = []
    var totalBytes = 0
    for output in outputs.prefix(1000) {
        bytes.removeAll(keepingCapacity: true)
        output.encodePayload(into: &bytes)
        totalBytes += bytes.count
        let ours = try? JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary
        let theirs = (try? foundation.encode(output)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? NSDictionary }
        if ours == nil || ours != theirs {
            log("encode: MISMATCH between the encoders on \(String(decoding: bytes, as: UTF8.self))")
            break
        }
    }

    let foundationEvents = max(events / 5, 1000)
    var oursRates: [Double] = []
    var foundationRates: [Double] = []
    for _ in 0..<max(rounds, 1) {
        oursRates.append(callsPerSecond(events) { i in
            bytes.removeAll(keepingCapacity: true)
            outputs[i % outputs.count].encodePayload(into: &bytes)
            return bytes.count
        })
        foundationRates.append(callsPerSecond(foundationEvents) { i in
            (try? foundation.encode(outputs[i % outputs.count]))?.count ?? 0
        })
    }
    let figures = EncodeFigures(
        encodeEventsPerSecond: median(oursRates), foundationEncodeEventsPerSecond: median(foundationRates),
        meanEventBytes: Double(totalBytes) / Double(min(outputs.count, 1000)))
    log(
        String(
            format: "encode: 5-field events of %.0f bytes, %d rounds (medians)", figures.meanEventBytes, rounds))
    log(String(format: "encode: JSONObjectWriter        %10.0f events/s", figures.encodeEventsPerSecond))
    log(String(format: "encode: Foundation JSONEncoder  %10.0f events/s", figures.foundationEncodeEventsPerSecond))
    log(String(format: "encode: JSONObjectWriter vs Foundation %.2fx", figures.ratio))
    return figures
}
