/// The features of one event: sparse hashed entries plus dense numerics, in one reusable buffer.
///
/// Index space: hashed features use the low `hashBits` bits of their hash (`0 ..< 2^bits`); dense numerics get
/// their own slots after it (`2^bits + slot`), so a handful of known numeric fields never collide with the hashed
/// categoricals. Learners size their weight tables with `slotCount`.
///
/// Reuse one vector per thread: `removeAll()` keeps the capacity, so building an event's features allocates
/// nothing once the buffer has grown to the largest event.
public struct FeatureVector: Sendable {
    /// The entries, in the order they were added.
    public private(set) var entries: [FeatureEntry]
    /// Bits of the hashed part of the index space.
    public let hashBits: Int
    /// Number of reserved dense slots after the hashed space.
    public let denseSlots: Int
    /// How many entries are the event's own features (the rest are crosses appended by `appendCrosses`).
    public private(set) var baseCount: Int = 0

    @usableFromInline let mask: UInt32
    @usableFromInline let denseBase: UInt32

    /// Creates an empty vector for a hashed space of `2^hashBits` slots and `denseSlots` dense slots.
    public init(hashBits: Int, denseSlots: Int = 0, capacity: Int = 64) {
        precondition(hashBits >= 1 && hashBits <= 30, "hashBits out of range")
        precondition(denseSlots >= 0 && denseSlots < (1 << 24), "too many dense slots")
        self.hashBits = hashBits
        self.denseSlots = denseSlots
        self.mask = UInt32(truncatingIfNeeded: (1 << hashBits) - 1)
        self.denseBase = UInt32(1 << hashBits)
        self.entries = []
        self.entries.reserveCapacity(capacity)
    }

    /// Creates an empty vector shaped by a hasher.
    public init(hasher: FeatureHasher, denseSlots: Int = 0, capacity: Int = 64) {
        self.init(hashBits: hasher.bits, denseSlots: denseSlots, capacity: capacity)
    }

    /// Slots a weight table needs for these vectors: the hashed space plus the dense slots.
    @inlinable public var slotCount: Int { (1 << hashBits) + denseSlots }

    /// Number of entries (including crosses).
    @inlinable public var count: Int { entries.count }

    /// True when no feature was added.
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    /// Removes every entry and keeps the buffer for the next event.
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        baseCount = 0
    }

    /// Adds a hashed feature (its index is `hash & mask`). Zero values are skipped (they carry no signal), and so
    /// are non-finite ones (they would turn every weight they touch into NaN).
    public mutating func append(hash: UInt32, value: Float = 1, namespace: UInt16 = 0) {
        guard value != 0 && value.isFinite else { return }
        entries.append(FeatureEntry(index: hash & mask, hash: hash, value: value, namespace: namespace))
        baseCount = entries.count
    }

    /// Adds a dense numeric feature in its reserved slot. `hash` identifies it in crosses (hash of its name).
    public mutating func appendDense(slot: Int, value: Float, hash: UInt32, namespace: UInt16 = 0) {
        precondition(slot >= 0 && slot < denseSlots, "dense slot out of range")
        guard value != 0 && value.isFinite else { return }
        entries.append(FeatureEntry(index: denseBase + UInt32(slot), hash: hash, value: value, namespace: namespace))
        baseCount = entries.count
    }

    /// Appends the pairwise products of the features of two namespaces for every cross (like VW's `-q ab`).
    ///
    /// A cross's hash combines both unmasked hashes (FNV-style multiply and xor), so the pair `(a, b)` gets its
    /// own slot; its value is the product of both values. Call once, after the event's own features.
    public mutating func appendCrosses(_ crosses: [FeatureCross]) {
        let base = baseCount
        for cross in crosses {
            for i in 0..<base where entries[i].namespace == cross.left {
                let left = entries[i]
                for j in 0..<base where entries[j].namespace == cross.right && (cross.left != cross.right || j > i) {
                    let right = entries[j]
                    let h = (left.hash &* 0x0100_0193) ^ right.hash
                    let v = left.value * right.value
                    if v != 0 && v.isFinite {
                        entries.append(FeatureEntry(index: h & mask, hash: h, value: v, namespace: cross.namespace))
                    }
                }
            }
        }
    }

    /// Squared Euclidean norm of the values (used by normalized updates and tests).
    @inlinable
    public var squaredNorm: Double {
        var s = 0.0
        for e in entries { s += Double(e.value) * Double(e.value) }
        return s
    }

    /// A copy holding its entries in a buffer of exactly their size, to be kept (a served example waiting for
    /// its label, a scored event) while this vector's own, larger buffer is reused for the next event: a plain
    /// copy would share that buffer, and the next event's first write would copy all of its capacity.
    public func compacted() -> FeatureVector {
        var copy = self
        // From a buffer pointer: a path the compiler specializes. `Array(unsafeUninitializedCapacity:)` allocates
        // through an unspecialized standard-library function that looks the storage type up at run time, which
        // cost more than the copy itself.
        copy.entries = entries.withUnsafeBufferPointer { Array($0) }
        return copy
    }

    /// Replaces the entries wholesale (tests and tools; the hot path uses `append`).
    public mutating func setEntries(_ newEntries: [FeatureEntry]) {
        entries = newEntries
        baseCount = newEntries.count
    }
}
