#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints "<verb> 1,234,567 messages, 812,345 msg/s" to stderr every few seconds of a long run, and the figures
/// for the closing summary. Checking the clock is amortized: only every 1024 counts.
struct ProgressLine {
    let verb: String
    let interval: Duration
    let start = ContinuousClock.now
    private var lastReport = ContinuousClock.now
    private var lastCount = 0
    private(set) var count = 0

    init(verb: String, interval: Duration = .seconds(2)) {
        self.verb = verb
        self.interval = interval
    }

    mutating func add(_ n: Int = 1) {
        let before = count
        count += n
        if before >> 10 != count >> 10 { tick() }
    }

    mutating func tick() {
        let now = ContinuousClock.now
        guard now - lastReport >= interval, count != lastCount else { return }
        let rate = Double(count - lastCount) / Self.seconds(now - lastReport)
        writeStandardError("\(verb) \(Self.grouped(count)) messages, \(Self.grouped(Int(rate))) msg/s\n")
        lastReport = now
        lastCount = count
    }

    var elapsedSeconds: Double { Self.seconds(ContinuousClock.now - start) }

    var rate: Double { count == 0 ? 0 : Double(count) / max(elapsedSeconds, 1e-9) }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// 1234567 -> "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }
}

/// Writes a message to stderr unbuffered (progress and reports must not wait for stdout).
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
