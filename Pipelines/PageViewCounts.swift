import Foundation
import Slipstream

/// `page-view-counts`: counts the views of every page from a Kafka topic of page views, keeping bots out, and
/// writes each page's running count back to Kafka.
///
/// Settings (all optional): `input-topic` (default `page-views`), `output-topic` (default `page-view-counts`).
/// Views are JSON objects such as `{"page":"/home","user":"u1","agent":"Mozilla/5.0","time":1700000000000}`;
/// views that do not decode go to `<input-topic>-dead-letters`. A page's count is forgotten a day after its last
/// view; views more than 5 seconds out of order are logged as late.
public enum PageViewCounts {
    /// One page view as it arrives.
    @JSONEvent
    public struct PageView: Decodable, Sendable {
        public var page: String
        public var user: String
        public var agent: String
        /// Milliseconds since 1970.
        public var time: Int64

        /// Whether the user agent is a crawler.
        public var isBot: Bool {
            agent.range(of: "bot", options: .caseInsensitive) != nil || agent.contains("spider")
        }
    }

    /// A page's running count, as written out.
    public struct PageCount: Sendable, PayloadEncodable {
        public var page: String
        public var views: Int64
        public var time: Int64

        public func encodePayload(into bytes: inout [UInt8]) {
            JSONObjectWriter.write(into: &bytes) { object in
                object.field("page", page)
                object.field("views", views)
                object.field("time", time)
            }
        }
    }

    /// The registry entry.
    public static let registration = RegisteredPipeline(
        name: "page-view-counts", summary: "Counts page views per page from Kafka, without bots",
        settings: [
            .init("input-topic", default: "page-views", "topic of the page views (JSON)"),
            .init("output-topic", default: "page-view-counts", "topic the counts are written to, keyed by page"),
        ],
        make: make)

    /// Builds the pipeline.
    public static func make(_ settings: PipelineSettings) -> Pipeline {
        let input = settings.string("input-topic", default: "page-views")
        let output = settings.string("output-topic", default: "page-view-counts")
        return Pipeline("page-view-counts") { p in
            let views = p.read(.kafka(input, as: PageView.self))
                .timestamps(\.time, allowedLateness: .seconds(5))
            views.lateEvents.map(name: "describe-late") { "late view of \($0.page) at \($0.time)" }
                .write(.log(label: "page-view-counts.late", level: .warning), name: "late-views")
            views
                .filter(name: "drop-bots") { !$0.isBot }
                .map(name: "normalize") { view in
                    var view = view
                    view.page = view.page.lowercased()
                    return view
                }
                .grouped(by: \.page)
                .stateful(name: "count-per-page", initial: { Int64(0) }, ttl: .days(1)) { count, view in
                    count += 1
                    return PageCount(page: view.page, views: count, time: view.time)
                }
                .write(.kafka(output, key: \.page), name: "counts-out")
        }
    }
}
