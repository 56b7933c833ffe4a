import Slipstream

extension PayloadDecoding where Item: Decodable & SendableMetatype {
    /// JSON decoding followed by `check`: a payload that does not decode, or decodes into an item `check`
    /// rejects, becomes a dead letter whose reason is the decoder's or the check's message, and never reaches
    /// the stages after the source.
    ///
    /// `check` receives this machine's clock (microseconds since 1970), to reject times far in the future or to
    /// stamp the item with the time it was read; it may change the item. Decoding is ``json``'s, so `@JSONEvent`
    /// types take their fast path.
    static func validatedJSON(
        _ check: @escaping @Sendable (inout Item, _ nowMicroseconds: Int64) throws -> Void
    ) -> PayloadDecoding {
        PayloadDecoding {
            let decode = json.makeDecoder()
            return { bytes in
                var item = try decode(bytes)
                try check(&item, WallClock.microseconds())
                return item
            }
        }
    }
}
