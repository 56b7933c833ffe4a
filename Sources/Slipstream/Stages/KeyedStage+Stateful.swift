import SlipstreamEngine
import SlipstreamGrid

/// An item together with its key's state right after the item updated it: the output of
/// ``KeyedStage/stateful(_:ttl:_:)``.
public struct WithState<Item, State> {
    /// The item.
    public var item: Item
    /// Its key's state, after the update.
    public var state: State

    @usableFromInline
    init(item: Item, state: State) {
        self.item = item
        self.state = state
    }
}

extension WithState: Sendable where Item: Sendable, State: Sendable {}

/// A value with an empty starting point, usable as per-key state without an `initial` closure.
public protocol DefaultInitializable: SendableMetatype {
    init()
}

extension KeyedStage {
    /// Keeps a `State` per key in a grid map owned by this stage; `update` changes the item's key's state in place
    /// and returns what to emit (`nil` for nothing).
    ///
    /// - Parameters:
    ///   - initial: the state of a key seen for the first time (or again after its state expired).
    ///   - ttl: how long a key's state lives after its last update, by processing time; `nil` forever.
    ///   - onEvict: called with a key and its state when the state expires; what it returns is emitted (the
    ///     pattern that times out a prediction whose label never came).
    ///   - update: runs once per item, on the state where it is stored.
    @inlinable
    public func stateful<State, Output>(
        name: String = "stateful", initial: @escaping @Sendable () -> State, ttl: Duration? = nil,
        onEvict: (@Sendable (Key, State) -> Output?)? = nil,
        _ update: @escaping @Sendable (inout State, Item) throws -> Output?
    ) -> Stage<Output> {
        addStateful(name: name, initial: initial, ttl: ttl, onEvict: onEvict, persistence: nil, update)
    }

    /// Keeps a `State` per key (starting from `State()`), updates it with every item, and emits the item with
    /// its key's updated state.
    @inlinable
    public func stateful<State: DefaultInitializable>(
        _ type: State.Type, name: String = "stateful", ttl: Duration? = nil,
        _ update: @escaping @Sendable (inout State, Item) throws -> Void
    ) -> Stage<WithState<Item, State>> {
        stateful(name: name, initial: { State() }, ttl: ttl) { state, item in
            try update(&state, item)
            return WithState(item: item, state: state)
        }
    }
}

extension KeyedStage where Key: BinaryCodable {
    /// ``stateful(name:initial:ttl:onEvict:_:)`` for a `BinaryCodable` state: the state is saved in snapshots
    /// (one entry per grid partition) and restored on the instance that owns each partition after a restart.
    @inlinable
    public func stateful<State: BinaryCodable, Output>(
        name: String = "stateful", initial: @escaping @Sendable () -> State, ttl: Duration? = nil,
        onEvict: (@Sendable (Key, State) -> Output?)? = nil,
        _ update: @escaping @Sendable (inout State, Item) throws -> Output?
    ) -> Stage<Output> {
        addStateful(name: name, initial: initial, ttl: ttl, onEvict: onEvict, persistence: .binary, update)
    }
}

extension KeyedStage {
    /// Inlinable down to the vertex (see ``StatefulProcessor``): the stage's processor is specialized in the
    /// module that declares the pipeline.
    @inlinable
    func addStateful<State, Output>(
        name: String = "stateful", initial: @escaping @Sendable () -> State, ttl: Duration? = nil,
        onEvict: (@Sendable (Key, State) -> Output?)? = nil,
        persistence: StatePersistence<Key, State>?,
        _ update: @escaping @Sendable (inout State, Item) throws -> Output?
    ) -> Stage<Output> {
        let partitioner = self.partitioner
        let key = self.key
        let detail = "state \(State.self) per \(Key.self)" + (ttl.map { ", ttl \($0)" } ?? "")
        return addKeyedStage(kind: .stateful, name: name, parallelism: nil, detail: detail) { request in
            // One grid map per run, shared by the vertex's instances: each claims the partitions it owns.
            let map = GridMap<Key, State>(
                name: "\(request.pipelineName).\(request.name)",
                configuration: GridMapConfiguration(
                    partitionCount: partitioner.partitionCount, expiry: GridExpiryPolicy(timeToLive: ttl)))
            return { _ in
                StatefulProcessor<Item, Key, State, Output>(
                    map: map, key: key, initial: initial, onEvict: onEvict, update: update, persistence: persistence)
            }
        }
    }
}
