import Foundation
import Yams

/// The YAML settings file of `run-pipeline run --config FILE`: a mapping whose keys are the long option names
/// (`brokers: localhost:9092`, `snapshot-interval: 5s`) plus `settings:`, a mapping of the pipeline's own settings
/// (`input-topic: views`). Flags and environment variables override it. Unknown keys are errors, so a typo never
/// silently falls back to a default.
struct RunConfigFile {
    static let knownKeys = [
        "brokers", "snapshot-dir", "snapshot-topic", "snapshot-interval", "snapshot-retain", "guarantee", "threads", "stop-timeout",
        "fresh", "progress-interval", "metrics-port", "metrics-host", "curve", "settings",
    ]

    /// Option values by long name, as text.
    var options: [String: String] = [:]
    /// The pipeline's settings.
    var settings: [String: String] = [:]
    /// The file's path, for messages.
    var path = ""

    /// Reads and checks `path`.
    init(path: String) throws(RunSettings.Invalid) {
        self.path = path
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw RunSettings.Invalid(description: "cannot read the settings file '\(path)': \(error.localizedDescription)")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw RunSettings.Invalid(description: "\(path): invalid YAML: \(error)")
        }
        guard let root else { return }
        guard case .mapping(let mapping) = root else {
            throw RunSettings.Invalid(description: "\(path): the file must be a mapping of option names to values")
        }
        for (keyNode, value) in mapping {
            let at = "\(path):\(keyNode.mark?.line ?? 0)"
            guard let key = keyNode.string, Self.knownKeys.contains(key) else {
                throw RunSettings.Invalid(
                    description: "\(at): unknown key '\(keyNode.string ?? "?")'; known keys: \(Self.knownKeys.joined(separator: ", "))")
            }
            if key == "settings" {
                guard case .mapping(let entries) = value else {
                    throw RunSettings.Invalid(description: "\(at): 'settings' must be a mapping of names to values")
                }
                for (name, setting) in entries {
                    guard let name = name.string, let text = setting.scalar?.string else {
                        throw RunSettings.Invalid(description: "\(at): every entry of 'settings' must be name: value")
                    }
                    settings[name] = text
                }
            } else {
                guard let text = value.scalar?.string else {
                    throw RunSettings.Invalid(description: "\(at): '\(key)' must be a single value")
                }
                options[key] = text
            }
        }
    }

    init() {}
}
