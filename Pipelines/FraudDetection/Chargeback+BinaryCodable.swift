import Slipstream

/// Chargebacks waiting for their payment go into snapshots.
extension Chargeback: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        paymentID.encode(to: &writer)
        card.encode(to: &writer)
        writer.write(time)
        reason.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        self.init(
            paymentID: try String(from: &reader), card: try String(from: &reader), time: try reader.read(Int64.self),
            reason: try String(from: &reader))
    }
}
