/// The figures of a join buffer, kept together so inlined code can update them.
@usableFromInline
struct JoinCounters: Sendable {
    @usableFromInline var watermark: Int64 = .min
    @usableFromInline var matched: Int64 = 0
    @usableFromInline var unmatchedLeft: Int64 = 0
    @usableFromInline var unmatchedRight: Int64 = 0
    @usableFromInline var late: Int64 = 0
    @usableFromInline var pendingLeft = 0
    @usableFromInline var pendingRight = 0

    @inlinable init() {}
}
