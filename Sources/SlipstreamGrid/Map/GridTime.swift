/// Times in the grid are `Int64` milliseconds: event times as carried by records (Kafka timestamps are
/// milliseconds since the Unix epoch) and processing times as read from a ``GridClock``.
extension Duration {
    /// This duration in whole milliseconds, rounded toward zero and clamped to `Int64`.
    @inlinable
    public var gridMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (sum, overflow2) = ms.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        if overflow2 { return seconds < 0 ? Int64.min : Int64.max }
        return sum
    }
}

extension Int64 {
    /// `self + other`, saturating at the bounds instead of trapping (deadlines far in the future).
    @inlinable
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }
}

/// `a / b` rounded toward negative infinity (event times before 1970 are negative).
@inlinable
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
