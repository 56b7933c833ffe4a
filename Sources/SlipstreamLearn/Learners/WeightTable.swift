import Foundation

/// The parameters of a linear model in one flat, contiguous buffer: per slot, the weight followed by the
/// optimizer's per-weight state (for example AdaGrad's squared-gradient sum), for each output.
///
/// Interleaving weight and state keeps one feature's update inside one cache line. Outputs (classes of a softmax)
/// are stored one block after another, so a new class appends a block. The table has value semantics with
/// copy-on-write: copying a learner (a snapshot) is O(1) until one of the copies learns.
public struct WeightTable: Sendable {
    @usableFromInline
    final class Storage: @unchecked Sendable {
        // Safety: the buffer is only written through `WeightTable`'s mutating members, which copy a shared
        // storage first, so a storage reachable from two values is never written.
        @usableFromInline let pointer: UnsafeMutablePointer<Float>
        @usableFromInline let count: Int

        init(count: Int) {
            self.count = count
            // calloc: pages that no feature ever touches are never committed.
            guard let raw = calloc(max(count, 1), MemoryLayout<Float>.stride) else {
                fatalError("out of memory allocating a weight table of \(count) floats")
            }
            pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        }

        @usableFromInline
        func copy(count newCount: Int) -> Storage {
            let s = Storage(count: newCount)
            s.pointer.update(from: pointer, count: min(count, newCount))
            return s
        }

        deinit { free(pointer) }
    }

    @usableFromInline var storage: Storage
    /// Slots per output (hashed space + dense slots + the intercept slot).
    public let slots: Int
    /// Floats per slot: the weight and the optimizer's state.
    public let width: Int
    /// Number of outputs (1, or the number of classes of a softmax).
    public private(set) var outputs: Int

    /// Creates a zeroed table.
    public init(slots: Int, width: Int, outputs: Int = 1) {
        precondition(slots > 0 && width > 0 && outputs > 0)
        self.slots = slots
        self.width = width
        self.outputs = outputs
        self.storage = Storage(count: slots * width * outputs)
    }

    /// Floats per output block.
    @inlinable public var blockSize: Int { slots * width }

    /// Total floats.
    @inlinable public var floatCount: Int { storage.count }

    /// Offset of the block of one output.
    @inlinable public func blockOffset(output: Int) -> Int { output * slots * width }

    /// Read access to the raw buffer.
    @inlinable
    public func withUnsafeBuffer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Write access to the raw buffer; copies first if another value shares it.
    @inlinable
    public mutating func withUnsafeMutableBuffer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: storage.count) }
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// A pointer for writing, valid until the table is next copied or grown; makes the storage unique first.
    /// Internal: the learners take it once per event, instead of nesting their loops in a closure.
    @inlinable
    mutating func uniqueBase() -> UnsafeMutablePointer<Float> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: storage.count) }
        return storage.pointer
    }

    /// The weight of a slot for an output.
    @inlinable
    public func weight(slot: Int, output: Int = 0) -> Float {
        storage.pointer[blockOffset(output: output) + slot * width]
    }

    /// Adds one zeroed output block (a new class).
    public mutating func appendOutput() {
        outputs += 1
        storage = storage.copy(count: outputs * slots * width)
    }

    /// Number of slots with any non-zero float (the sparse size of a model file).
    public func nonZeroSlots() -> Int {
        var n = 0
        withUnsafeBuffer { buf in
            for s in 0..<(slots * outputs) {
                let base = s * width
                for k in 0..<width where buf[base + k] != 0 { n += 1; break }
            }
        }
        return n
    }
}
