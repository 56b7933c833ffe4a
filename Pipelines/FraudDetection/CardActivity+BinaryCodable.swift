import Slipstream

/// Card state goes into snapshots: a restarted pipeline keeps every card's history.
extension CardActivity: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(payments)
        writer.write(amountMean)
        writer.write(amountM2)
        writer.write(lastTime)
        writer.writeLength(recent.count)
        for entry in recent {
            writer.write(entry.time)
            writer.write(entry.merchant)
        }
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        self.init()
        payments = try reader.read(Int64.self)
        amountMean = try reader.read(Double.self)
        amountM2 = try reader.read(Double.self)
        lastTime = try reader.read(Int64.self)
        let count = try reader.readLength(minimumBytesEach: 16)
        guard count <= Self.recentCapacity else {
            throw .invalid("a card's state holds \(count) recent payments, more than \(Self.recentCapacity)")
        }
        recent.reserveCapacity(count)
        for _ in 0..<count {
            recent.append(Recent(time: try reader.read(Int64.self), merchant: try reader.read(UInt64.self)))
        }
    }
}
