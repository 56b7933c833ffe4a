import Foundation
import Testing
import SlipstreamJSON

/// The root decoder keeps its keyed container from one document to the next: every document still reads its own
/// fields, whatever types and key types follow each other through one decoder.
@Suite("Root container reuse")
struct RootContainerReuseTests {
    struct Trade: Decodable, Equatable {
        var id: String
        var qty: Int
    }

    struct Quote: Decodable, Equatable {
        var id: String
        var bid: Double
        var ask: Double?
    }

    class Base: Decodable {
        var id: String
        private enum CodingKeys: String, CodingKey { case id }
        required init(from decoder: any Decoder) throws {
            id = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .id)
        }
    }

    /// A subclass reading its own keys and its superclass's through the same decoder: two key types per document.
    final class Derived: Base {
        var level: Int
        private enum CodingKeys: String, CodingKey { case level }
        required init(from decoder: any Decoder) throws {
            level = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .level)
            try super.init(from: decoder)
        }
    }

    @Test func alternatingTypesDecodeTheirOwnDocuments() throws {
        let decoder = JSONEventDecoder()
        for i in 0..<50 {
            let trade = try decoder.decode(Trade.self, from: Array(#"{"qty":\#(i),"id":"t\#(i)"}"#.utf8))
            #expect(trade == Trade(id: "t\(i)", qty: i))
            let quote = try decoder.decode(Quote.self, from: Array(#"{"id":"q\#(i)","bid":\#(i).5}"#.utf8))
            #expect(quote == Quote(id: "q\(i)", bid: Double(i) + 0.5, ask: nil))
            let derived = try decoder.decode(Derived.self, from: Array(#"{"id":"d\#(i)","level":\#(i * 2)}"#.utf8))
            #expect(derived.id == "d\(i)" && derived.level == i * 2)
        }
    }

    @Test func anErrorLeavesTheNextDocumentUnaffected() throws {
        let decoder = JSONEventDecoder()
        #expect(throws: JSONDecodeError.self) { try decoder.decode(Trade.self, from: Array(#"{"id":"a"}"#.utf8)) }
        #expect(throws: JSONDecodeError.self) { try decoder.decode(Trade.self, from: Array(#"{"id":1,"qty":2}"#.utf8)) }
        #expect(try decoder.decode(Trade.self, from: Array(#"{"id":"b","qty":3}"#.utf8)) == Trade(id: "b", qty: 3))
    }
}
