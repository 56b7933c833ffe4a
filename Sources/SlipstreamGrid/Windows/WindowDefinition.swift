/// How event times are grouped into windows: tumbling, sliding or session windows.
///
/// Times are event times in milliseconds. Tumbling and sliding windows are aligned to the epoch
/// (a 1-minute window starts on a whole minute); a sliding window's size must be a multiple of its slide, so
/// items are accumulated once per slide-long pane and panes are combined into windows when they close
/// (the layout of Jet's `SlidingWindowP`).
public struct WindowDefinition: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Windows `[k * slide, k * slide + size)` for every integer `k`.
        case sliding(size: Int64, slide: Int64)
        /// A window per burst of activity of a key: it grows while items arrive less than `gap` apart and
        /// covers `[first item, last item + gap)`.
        case session(gap: Int64)
    }

    public let kind: Kind

    /// The processing-time period at which a stage should emit early (partial) results of open windows,
    /// or `nil` for results only when windows close.
    public var earlyResultsPeriod: Duration?

    init(kind: Kind, earlyResultsPeriod: Duration? = nil) {
        self.kind = kind
        self.earlyResultsPeriod = earlyResultsPeriod
    }

    /// Back-to-back windows of `size`.
    public static func tumbling(_ size: Duration) -> WindowDefinition {
        tumbling(milliseconds: size.gridMilliseconds)
    }

    public static func tumbling(milliseconds size: Int64) -> WindowDefinition {
        precondition(size > 0, "a window size must be positive")
        return WindowDefinition(kind: .sliding(size: size, slide: size))
    }

    /// Windows of `size` starting every `slide`; `size` must be a multiple of `slide`.
    public static func sliding(_ size: Duration, every slide: Duration) -> WindowDefinition {
        sliding(milliseconds: size.gridMilliseconds, every: slide.gridMilliseconds)
    }

    public static func sliding(milliseconds size: Int64, every slide: Int64) -> WindowDefinition {
        precondition(slide > 0 && size > 0, "window size and slide must be positive")
        precondition(size % slide == 0, "a sliding window's size (\(size) ms) must be a multiple of its slide (\(slide) ms)")
        return WindowDefinition(kind: .sliding(size: size, slide: slide))
    }

    /// Session windows that close after `gap` without items.
    public static func session(gap: Duration) -> WindowDefinition {
        session(milliseconds: gap.gridMilliseconds)
    }

    public static func session(milliseconds gap: Int64) -> WindowDefinition {
        precondition(gap > 0, "a session gap must be positive")
        return WindowDefinition(kind: .session(gap: gap))
    }

    /// The same windows, with early results every `period` of processing time.
    public func withEarlyResults(every period: Duration) -> WindowDefinition {
        WindowDefinition(kind: kind, earlyResultsPeriod: period)
    }

    public var description: String {
        switch kind {
        case let .sliding(size, slide) where size == slide: "tumbling(\(size) ms)"
        case let .sliding(size, slide): "sliding(\(size) ms every \(slide) ms)"
        case let .session(gap): "session(gap \(gap) ms)"
        }
    }
}
