import Slipstream

/// Payments waiting for their label go into snapshots.
extension Payment: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        id.encode(to: &writer)
        card.encode(to: &writer)
        merchant.encode(to: &writer)
        mcc.encode(to: &writer)
        country.encode(to: &writer)
        channel.encode(to: &writer)
        writer.write(amount)
        writer.write(time)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        self.init(
            id: try String(from: &reader), card: try String(from: &reader), merchant: try String(from: &reader),
            mcc: try String(from: &reader), country: try String(from: &reader), channel: try String(from: &reader),
            amount: try reader.read(Double.self), time: try reader.read(Int64.self))
    }
}
