import Foundation

/// librdkafka properties for tuning experiments, from an environment variable: `name=value` pairs separated by
/// commas (empty when the variable is not set; a pair without `=` is ignored).
public func librdkafkaProperties(fromEnvironment variable: String) -> [String: String] {
    var properties: [String: String] = [:]
    for pair in (ProcessInfo.processInfo.environment[variable] ?? "").split(separator: ",") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2 { properties[String(parts[0])] = String(parts[1]) }
    }
    return properties
}
