import Foundation
import Slipstream

/// Settings a registered pipeline is built with: named values from flags, environment or a file (topics,
/// hyperparameters…), each with a documented default in the pipeline that reads it.
///
/// Typed accessors check the value and throw a ``PipelineSettingError`` naming the setting, what it wants and
/// what it got, so a mistake stops the pipeline before it starts instead of running with a wrong value.
public struct PipelineSettings: Sendable {
    /// The values, by name.
    public var values: [String: String]
    /// Whether the pipeline's scoring stages learn (the default) or only score with a given model: set by
    /// `run-pipeline run --score-only --model FILE | --from-snapshot` and `--publish-model FILE`; pipelines
    /// pass it to their `score` stages.
    public var learningMode: LearningMode

    /// Settings with the given values (none by default: every pipeline then uses its defaults).
    public init(_ values: [String: String] = [:], learningMode: LearningMode = .learning) {
        self.values = values
        self.learningMode = learningMode
    }

    /// The value called `name`, or `fallback`.
    public func string(_ name: String, default fallback: String) -> String {
        values[name] ?? fallback
    }

    /// A non-empty value called `name` (a topic, an id), or `fallback`.
    public func name(_ name: String, default fallback: String) throws(PipelineSettingError) -> String {
        guard let text = values[name] else { return fallback }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw PipelineSettingError(name, wants: "a non-empty name", got: text) }
        return trimmed
    }

    /// A whole number in `range`, or `fallback`.
    public func int(
        _ name: String, default fallback: Int, in range: ClosedRange<Int> = Int.min...Int.max
    ) throws(PipelineSettingError) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")),
            range.contains(value)
        else {
            throw PipelineSettingError(name, wants: ["a whole number", Self.describe(range)].filter { !$0.isEmpty }.joined(separator: " "), got: text)
        }
        return value
    }

    /// A finite number in `range`, or `fallback`.
    public func double(
        _ name: String, default fallback: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    ) throws(PipelineSettingError) -> Double {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value) else {
            throw PipelineSettingError(name, wants: ["a finite number", Self.describe(range)].filter { !$0.isEmpty }.joined(separator: " "), got: text)
        }
        return value
    }

    /// A duration such as `500ms`, `10s`, `5m`, `12h` or `30d`, at least `minimum`, or `fallback`.
    public func duration(
        _ name: String, default fallback: Duration, minimum: Duration = .zero
    ) throws(PipelineSettingError) -> Duration {
        guard let text = values[name] else { return fallback }
        guard let value = SettingDuration.parse(text), value >= minimum else {
            let floor = minimum > .zero ? " of at least \(SettingDuration.format(minimum))" : ""
            throw PipelineSettingError(name, wants: "a duration\(floor) such as 500ms, 10s, 5m, 12h or 30d", got: text)
        }
        return value
    }

    /// `true`/`false` (also `yes`/`no`, `1`/`0`), or `fallback`.
    public func bool(_ name: String, default fallback: Bool) throws(PipelineSettingError) -> Bool {
        guard let text = values[name] else { return fallback }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw PipelineSettingError(name, wants: "true or false", got: text)
        }
    }

    /// Where Kafka sources start without a snapshot: `earliest`, `latest` or `committed`, or `fallback`.
    public func startPosition(
        _ name: String, default fallback: KafkaSourceOptions.StartPosition
    ) throws(PipelineSettingError) -> KafkaSourceOptions.StartPosition {
        guard values[name] != nil else { return fallback }
        switch try choice(name, default: "committed", from: ["earliest", "latest", "committed"]) {
        case "earliest": return .earliest
        case "latest": return .latest
        default: return .committed
        }
    }

    /// One of `choices` (case-insensitive), or `fallback`.
    public func choice(_ name: String, default fallback: String, from choices: [String]) throws(PipelineSettingError) -> String {
        guard let text = values[name] else { return fallback }
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard choices.contains(lowered) else {
            throw PipelineSettingError(name, wants: "one of \(choices.joined(separator: ", "))", got: text)
        }
        return lowered
    }

    /// Throws when a value is set whose name is not in `known`: a misspelt setting would otherwise be ignored
    /// silently and the pipeline would run on the default.
    public func rejectUnknown(known: [PipelineSettingInfo]) throws(PipelineSettingError) {
        let names = Set(known.map(\.name))
        guard let unknown = values.keys.sorted().first(where: { !names.contains($0) }) else { return }
        throw PipelineSettingError(
            unknown: unknown, known: known.map(\.name).sorted())
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        return switch (range.lowerBound == .min, range.upperBound == .max) {
        case (true, true): ""
        case (false, true): "of at least \(range.lowerBound)"
        case (true, false): "of at most \(range.upperBound)"
        case (false, false): "from \(range.lowerBound) to \(range.upperBound)"
        }
    }

    private static func describe(_ range: ClosedRange<Double>) -> String {
        let largest = Double.greatestFiniteMagnitude
        return switch (range.lowerBound == -largest, range.upperBound == largest) {
        case (true, true): ""
        case (false, true): "of at least \(range.lowerBound)"
        case (true, false): "of at most \(range.upperBound)"
        case (false, false): "from \(range.lowerBound) to \(range.upperBound)"
        }
    }
}
