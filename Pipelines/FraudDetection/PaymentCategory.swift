import Slipstream

/// The part of a payment the merchant-category encoding waits on until its label is known: small, because
/// one is kept per payment for the whole label window.
public struct PaymentCategory: Sendable, Hashable {
    public var id: String
    public var mcc: String
    /// Event time, milliseconds.
    public var time: Int64

    /// The category part of `payment`.
    public init(_ payment: Payment) {
        id = payment.id
        mcc = payment.mcc
        time = payment.time
    }
}

/// Waiting payments go into snapshots: a restart keeps every payment that is still inside its label window.
extension PaymentCategory: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        id.encode(to: &writer)
        mcc.encode(to: &writer)
        writer.write(time)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        id = try String(from: &reader)
        mcc = try String(from: &reader)
        time = try reader.read(Int64.self)
    }
}
