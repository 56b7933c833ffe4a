import SlipstreamEngine

/// An input fed to, or an output seen from, a processor under test: an item or a watermark.
public enum TestEvent<Item> {
    /// A data item.
    case item(Item)
    /// A watermark at this event time (milliseconds).
    case watermark(Int64)

    /// The item, if this is one.
    public var item: Item? {
        if case .item(let item) = self { return item }
        return nil
    }
}

extension TestEvent: Equatable where Item: Equatable {}
extension TestEvent: Sendable where Item: Sendable {}

extension TestEvent: CustomStringConvertible {
    public var description: String {
        switch self {
        case .item(let item): "\(item)"
        case .watermark(let time): "wm(\(time))"
        }
    }
}
