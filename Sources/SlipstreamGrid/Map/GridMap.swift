import Foundation

/// Partitioned keyed state, in the manner of Hazelcast's IMap under Jet's `mapStateful`.
///
/// The map is split into partitions; a key's partition is ``Partitioner/partition(of:)`` of its stable hash, the
/// same function partitioned edges route by. Processor instance `i` of `n` claims the partitions it owns
/// (`p % n == i`) as a ``GridMapView`` and is their only user, so entry operations take no lock. The map itself
/// is only the registry of partitions, their owners and the query mailboxes; it is safe to share.
///
/// ```swift
/// let activity = GridMap<String, CardActivity>(name: "card-activity",
///     configuration: .init(expiry: .init(timeToLive: .seconds(30 * 86_400))))
/// // In processor instance `i` of `n`, on its own thread:
/// let state = try activity.claimView(instance: i, of: n)
/// state.update(payment.card, default: CardActivity()) { $0.record(payment) }
/// ```
public final class GridMap<Key: PartitionKey, Value>: @unchecked Sendable {
    // @unchecked: `partitions` is immutable after init and each partition is used only by the view that holds
    // its claim; `owners` and `mailboxes` are guarded by `lock`.

    /// A name for logs, metrics and snapshots.
    public let name: String
    /// The configuration the map was created with.
    public let configuration: GridMapConfiguration
    /// The key-to-partition mapping shared with partitioned edges.
    public let partitioner: Partitioner

    @usableFromInline let partitions: [GridPartition<Key, Value>]
    private let lock = NSLock()
    /// The claiming instance of each partition, or -1.
    private var owners: [Int]
    private var claimedInstanceCount: Int?
    private var mailboxes: [Int: GridQueryMailbox<Key, Value>] = [:]

    /// Creates an empty map.
    public init(name: String, configuration: GridMapConfiguration = GridMapConfiguration()) {
        self.name = name
        self.configuration = configuration
        partitioner = Partitioner(partitionCount: configuration.partitionCount)
        let settings = configuration.partitionSettings
        partitions = (0..<configuration.partitionCount).map {
            GridPartition(id: $0, settings: settings, initialCapacity: configuration.initialCapacityPerPartition)
        }
        owners = Array(repeating: -1, count: configuration.partitionCount)
    }

    /// Claims the partitions owned by processor instance `instance` of `instanceCount` (partition `p` goes to
    /// instance `p % instanceCount`, as on a partitioned edge) and returns the view that operates on them.
    ///
    /// Throws if any of them is claimed by another live view, or if views of this map already use another
    /// instance count. The claim lasts until the view is released or deinitialised.
    public func claimView(instance: Int, of instanceCount: Int) throws(GridMapError) -> GridMapView<Key, Value> {
        guard instanceCount >= 1, (0..<instanceCount).contains(instance) else {
            throw .invalidInstance(instance: instance, instanceCount: instanceCount)
        }
        let owned = partitioner.partitions(ownedBy: instance, instanceCount: instanceCount)
        let mailbox = GridQueryMailbox<Key, Value>()
        lock.lock()
        defer { lock.unlock() }
        if let existing = claimedInstanceCount, existing != instanceCount, owners.contains(where: { $0 >= 0 }) {
            throw .instanceCountMismatch(claimed: existing, requested: instanceCount)
        }
        if let taken = owned.first(where: { owners[$0] >= 0 }) {
            throw .partitionAlreadyClaimed(map: name, partition: taken, owner: owners[taken])
        }
        for p in owned { owners[p] = instance }
        claimedInstanceCount = instanceCount
        mailboxes[instance] = mailbox
        return GridMapView(map: self, instance: instance, instanceCount: instanceCount,
                           partitions: owned.map { partitions[$0] }, mailbox: mailbox)
    }

    /// Gives up the claims of `view` and fails the queries still waiting in its mailbox.
    func release(instance: Int, partitions owned: [GridPartition<Key, Value>], mailbox: GridQueryMailbox<Key, Value>) {
        lock.withLock {
            for p in owned where owners[p.id] == instance { owners[p.id] = -1 }
            if mailboxes[instance] === mailbox { mailboxes[instance] = nil }
        }
        mailbox.close()
    }

    /// The mailboxes of all running instances.
    func liveMailboxes() -> [GridQueryMailbox<Key, Value>] {
        lock.withLock { Array(mailboxes.values) }
    }

    /// The mailbox of the instance owning `key`'s partition, if one is running.
    func mailbox(forPartition partition: Int) -> GridQueryMailbox<Key, Value>? {
        lock.withLock {
            let owner = owners[partition]
            return owner >= 0 ? mailboxes[owner] : nil
        }
    }
}
