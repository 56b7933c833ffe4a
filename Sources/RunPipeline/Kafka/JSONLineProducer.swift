import SlipstreamJSON
import SlipstreamKafka

/// Sends the lines of a JSON Lines input to a topic: each valid line becomes one message (the key taken from a
/// field when asked), invalid lines are reported with their line number and skipped, or stop the run in strict
/// mode before anything is sent.
struct JSONLineProducer {
    let producer: KafkaProducer
    let topic: KafkaProducerTopic
    let keyField: String?
    let strict: Bool

    struct Summary {
        var sent = 0
        var invalidLines = 0
        var linesWithoutKey = 0
        var failedDeliveries = 0
        var seconds = 0.0
    }

    /// At most this many problem lines are printed one by one; the rest are only counted.
    static let reportedProblemLimit = 20

    func run(_ input: LineReader, stop: SignalTrap) throws -> Summary {
        let reader = JSONReader()
        if strict { try validateAll(input, reader) }
        var summary = Summary()
        var progress = ProgressLine(verb: "produce:")
        var reports: [KafkaDeliveryReport] = []
        var reportedProblems = 0
        var interrupted = false
        try input.forEachLine { line, number in
            if line.isBlankLine { return true }
            let fields: JSONFieldTable
            do {
                fields = try reader.parseObject(line)
            } catch {
                summary.invalidLines += 1
                if reportedProblems < Self.reportedProblemLimit {
                    writeStandardError("\(input.name):\(number): not a JSON object (\(error)); skipped\n")
                    reportedProblems += 1
                }
                return true
            }
            var key: UnsafeRawBufferPointer?
            if let keyField {
                if let field = fields[keyField], !field.isNull {
                    // Strings give their unescaped text; numbers and booleans their JSON text.
                    key = field.string.map { $0.buffer } ?? field.valueBytes.buffer
                } else {
                    summary.linesWithoutKey += 1
                }
            }
            try producer.send(to: topic, keyBytes: key, valueBytes: line, id: UInt64(number))
            progress.add()
            if progress.count & 1023 == 0 {
                producer.poll(into: &reports)
                if stop.signalCaught != nil {
                    interrupted = true
                    return false
                }
            }
            return true
        }
        // Wait for every delivery, showing progress; failures come back as reports (errors only are asked for).
        let deadline = ContinuousClock.now.advanced(by: producer.configuration.messageTimeout + .seconds(5))
        while producer.outstandingMessages > 0 && ContinuousClock.now < deadline {
            try? producer.flush(timeout: .seconds(1))
            producer.poll(into: &reports)
            progress.tick()
        }
        try producer.flush(timeout: .seconds(5))
        producer.poll(into: &reports)
        for report in reports where !report.isDelivered {
            summary.failedDeliveries += 1
            if summary.failedDeliveries <= Self.reportedProblemLimit {
                writeStandardError("\(input.name):\(report.id): not delivered: \(report.error!)\n")
            }
        }
        summary.sent = progress.count
        summary.seconds = progress.elapsedSeconds
        if interrupted { writeStandardError("produce: interrupted; the messages read so far were sent\n") }
        return summary
    }

    /// Strict mode: the whole input must be valid before a single message is sent.
    private func validateAll(_ input: LineReader, _ reader: JSONReader) throws {
        var problem: String?
        try input.forEachLine { line, number in
            if line.isBlankLine { return true }
            do {
                _ = try reader.parseObject(line)
                return true
            } catch {
                problem = "\(input.name):\(number): not a JSON object (\(error)); nothing was sent (--strict)"
                return false
            }
        }
        if let problem { throw KafkaCommandError(problem) }
    }
}
