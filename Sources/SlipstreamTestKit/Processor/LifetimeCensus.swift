/// Counts the live ``CountedItem``s made with it, for tests that check an engine or processor moves items rather
/// than copying or dropping them: once everything has been emitted, drained and released, ``live`` is 0, and a
/// leaked copy or a double release shows.
///
/// Not thread-safe: for tests that run on one thread.
public final class LifetimeCensus {
    /// The items made with this census and not yet released.
    public private(set) var live = 0

    public init() {}

    fileprivate func born() { live += 1 }
    fileprivate func died() { live -= 1 }
}

/// An item that holds a reference, as items with strings or arrays do, and tells its census when it goes.
public final class CountedItem {
    /// What the test put in, to check order and identity.
    public let value: Int
    private let census: LifetimeCensus

    public init(_ value: Int, _ census: LifetimeCensus) {
        self.value = value
        self.census = census
        census.born()
    }

    deinit { census.died() }
}
