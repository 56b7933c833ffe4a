/// Deterministic demo events as JSON bytes: `{"id":…,"ts":…,"key":"u…","amount":…,"label":…}`, written into a
/// reused buffer (no allocation per event). The same seed gives the same stream.
struct DemoEventGenerator {
    private var state: UInt64
    private(set) var buffer: [UInt8] = []
    private(set) var keyRange: Range<Int> = 0..<0
    private let users: UInt64

    init(seed: UInt64, users: UInt64 = 10_000) {
        state = seed
        self.users = users
        buffer.reserveCapacity(256)
    }

    /// SplitMix64: tiny, fast, and good enough for demo data.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Writes event `id` into `buffer`; `keyRange` marks the user id inside it (the message key).
    mutating func makeEvent(id: Int, baseTime: Int64) {
        buffer.removeAll(keepingCapacity: true)
        let user = next() % users
        let cents = next() % 100_000
        let label = next() % 10 == 0 ? 1 : 0
        append("{\"id\":")
        append(UInt64(id))
        append(",\"ts\":")
        append(UInt64(baseTime) + UInt64(id))
        append(",\"key\":\"")
        let keyStart = buffer.count
        buffer.append(UInt8(ascii: "u"))
        append(user)
        keyRange = keyStart..<buffer.count
        append("\",\"amount\":")
        append(cents / 100)
        buffer.append(UInt8(ascii: "."))
        buffer.append(UInt8(ascii: "0") + UInt8(cents % 100 / 10))
        buffer.append(UInt8(ascii: "0") + UInt8(cents % 10))
        append(",\"label\":")
        append(UInt64(label))
        buffer.append(UInt8(ascii: "}"))
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    private mutating func append(_ value: UInt64) {
        if value >= 10 { append(value / 10) }
        buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
