/// A sink that calls a function with every item, in order per instance.
///
/// The function runs on a cooperative worker thread: it must not block. For blocking output use a
/// non-cooperative processor of your own.
public struct ForEachSinkProcessor<Input>: Processor {
    public typealias Output = Never

    @usableFromInline let body: (Input) throws -> Void

    /// Creates a sink calling `body` with every item.
    @inlinable
    public init(_ body: @escaping (Input) throws -> Void) {
        self.body = body
    }

    @inlinable
    public mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Never>) throws {
        let body = self.body
        try inbox.drain(while: { item in
            try body(copy item)
            return true
        })
    }
}
