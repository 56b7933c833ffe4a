/// An aggregation that windows and keyed stages run incrementally: a fresh accumulator per key and window,
/// one `accumulate` per item, `combine` to merge partial accumulators (panes of a sliding window, merged
/// sessions, state from several instances), and `result` to read the output.
///
/// Accumulators are plain values kept in grid state; `combine` must be associative and commutative so that the
/// order in which partial results meet does not change the result (up to floating-point rounding).
public protocol AggregateOperation<Input, Output>: Sendable {
    associatedtype Input
    associatedtype Accumulator
    associatedtype Output

    /// An empty accumulator.
    func makeAccumulator() -> Accumulator
    /// Adds one item.
    func accumulate(_ input: Input, into accumulator: inout Accumulator)
    /// Adds everything `other` has seen.
    func combine(_ other: Accumulator, into accumulator: inout Accumulator)
    /// The output for what the accumulator has seen.
    func result(of accumulator: Accumulator) -> Output
}
