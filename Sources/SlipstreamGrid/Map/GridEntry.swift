/// A key and its value, stored side by side in a partition's dense column.
@usableFromInline
struct GridEntry<Key, Value> {
    @usableFromInline var key: Key
    @usableFromInline var value: Value

    @inlinable
    init(key: Key, value: Value) {
        self.key = key
        self.value = value
    }
}

extension GridPartition {
    /// Where the value of a `GridEntry` starts: after the key, rounded up to the value's alignment (the layout
    /// of a non-resilient struct with two stored properties).
    @inlinable @inline(__always)
    static var valueOffset: Int {
        let align = MemoryLayout<Value>.alignment
        return (MemoryLayout<Key>.size + align - 1) / align * align
    }

    @inlinable @inline(__always)
    func keyPointer(_ index: Int) -> UnsafeMutablePointer<Key> {
        UnsafeMutableRawPointer(entries + index).assumingMemoryBound(to: Key.self)
    }

    @inlinable @inline(__always)
    func valuePointer(_ index: Int) -> UnsafeMutablePointer<Value> {
        (UnsafeMutableRawPointer(entries + index) + Self.valueOffset).assumingMemoryBound(to: Value.self)
    }
}
