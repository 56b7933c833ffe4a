import SlipstreamEngine

/// A stateless per-item step (map, filter, flatMap, peek, identity) that the planner may fuse with its
/// neighbours into one processor.
protocol FusableStep: Sendable {
    /// A chain made of this step alone.
    func startChain() -> any FusedChainProtocol
    /// `chain` followed by this step. The chain's output type is this step's input type.
    func extend(_ chain: any FusedChainProtocol) -> any FusedChainProtocol
}

/// Adds the vertex of a step that runs alone, made where its item types are concrete.
@usableFromInline
typealias StepLowering = @Sendable (inout DAG, String, Int?) -> LoweredVertex

/// What one step does with an item.
///
/// A fused chain's processor runs in generic code, where handing an `Optional` of a generic type from one step
/// to the next costs a run-time metadata lookup per item. So every step also carries its expanding form, made by
/// ``compact(_:)`` where the step is declared (specialized for its item types when that is inlined into the
/// pipeline's code), and chains are composed from those: nothing in between is optional.
@usableFromInline
enum StepBody<Input, Output>: Sendable {
    /// At most one output per item (map, filter, compactMap, peek), with the same step in the expanding shape.
    case compactStep(
        @Sendable (Input) throws -> Output?, expanding: @Sendable (Input, (consuming Output) throws -> Void) throws -> Void)
    /// Any number of outputs per item, handed to `emit` (flatMap).
    case expand(@Sendable (Input, (consuming Output) throws -> Void) throws -> Void)

    /// A step with at most one output per item.
    @inlinable
    static func compact(_ body: @escaping @Sendable (Input) throws -> Output?) -> StepBody {
        .compactStep(body, expanding: { item, emit in
            if let output = try body(item) { try emit(consume output) }
        })
    }

    /// The step in the expanding shape.
    var expanding: @Sendable (Input, (consuming Output) throws -> Void) throws -> Void {
        switch self {
        case .expand(let body): return body
        case .compactStep(_, let expanding): return expanding
        }
    }

    /// This step followed by `next`.
    func then<Next>(_ next: StepBody<Output, Next>) -> StepBody<Input, Next> {
        let first = expanding
        let second = next.expanding
        return .expand { item, emit in
            try first(item) { middle in try second(middle, emit) }
        }
    }
}

/// A typed stateless step of a plan.
struct StatelessStep<Input, Output>: FusableStep {
    let body: StepBody<Input, Output>
    /// The step's vertex when it runs alone, specialized (see ``Stage/addCompactStep(_:name:_:)``); `nil` to use
    /// the generic one.
    var lowerAlone: StepLowering?

    func startChain() -> any FusedChainProtocol {
        FusedChain<Input, Output>(body: body, lowerAlone: lowerAlone)
    }

    func extend(_ chain: any FusedChainProtocol) -> any FusedChainProtocol {
        appending(to: chain)
    }

    private func appending<Chain: FusedChainProtocol>(to chain: Chain) -> any FusedChainProtocol {
        guard let typed = chain as? FusedChain<Chain.Input, Input> else {
            preconditionFailure("planner bug: fused steps of different item types")
        }
        return FusedChain<Chain.Input, Output>(body: typed.body.then(body))
    }
}

/// Consecutive stateless steps composed into one function, which one processor runs.
protocol FusedChainProtocol: Sendable {
    associatedtype Input
    associatedtype Output
    /// Adds the chain's processor as a vertex.
    func lower(into dag: inout DAG, name: String, parallelism: Int?) -> LoweredVertex
}

struct FusedChain<Input, Output>: FusedChainProtocol {
    let body: StepBody<Input, Output>
    /// Set while the chain is a single step that brought a specialized vertex.
    var lowerAlone: StepLowering?

    func lower(into dag: inout DAG, name: String, parallelism: Int?) -> LoweredVertex {
        if let lowerAlone { return lowerAlone(&dag, name, parallelism) }
        switch body {
        case .compactStep(let transform, _):
            return dag.addLowered(name, parallelism: parallelism) { _ in CompactMapProcessor(transform) }
        case .expand(let expand):
            return dag.addLowered(name, parallelism: parallelism) { _ in ExpandingProcessor(expand) }
        }
    }
}
