extension Duration {
    /// The duration in whole milliseconds for librdkafka's `int timeout_ms` parameters, clamped to `Int32`;
    /// negative durations become 0. Sub-millisecond remainders round up so a tiny wait is not a busy poll.
    var kafkaMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        if millis.overflow || millis.partialValue > Int64(Int32.max) { return Int32.max }
        let extra = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(Int64(Int32.max), millis.partialValue + extra))
    }
}
