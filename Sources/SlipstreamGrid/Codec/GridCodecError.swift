/// Why binary state could not be decoded.
///
/// Every case says what was being read, so a damaged snapshot produces a message an operator can act on.
public enum GridCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data ended before a value was complete.
    case truncated(reading: String, needed: Int, remaining: Int)
    /// The bytes do not form a valid value.
    case invalid(String)
    /// The data was written in a format version this build does not read.
    case unsupportedVersion(found: Int, supported: ClosedRange<Int>)
    /// The data does not start with the expected format marker.
    case badMagic(expected: String)
    /// The checksum stored with the data does not match its contents.
    case checksumMismatch(stored: UInt64, computed: UInt64)

    public var description: String {
        switch self {
        case let .truncated(what, needed, remaining):
            "truncated data: reading \(what) needs \(needed) bytes, only \(remaining) left"
        case let .invalid(reason):
            "invalid data: \(reason)"
        case let .unsupportedVersion(found, supported):
            "unsupported format version \(found) (this build reads \(supported.lowerBound)...\(supported.upperBound))"
        case let .badMagic(expected):
            "not \(expected) data: the format marker is missing or damaged"
        case let .checksumMismatch(stored, computed):
            "checksum mismatch (stored \(stored), computed \(computed)): the data is damaged"
        }
    }
}
