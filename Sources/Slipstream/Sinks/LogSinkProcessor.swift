import Logging
import SlipstreamEngine

/// Logs every item; non-cooperative because a log handler may block on its output.
struct LogSinkProcessor<Item>: Processor {
    typealias Output = Never

    let logger: Logger
    let level: Logger.Level

    var isCooperative: Bool { false }

    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Never>) throws {
        let logger = logger
        let level = level
        inbox.drainAll { item in logger.log(level: level, "\(item)") }
    }
}
