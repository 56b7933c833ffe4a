import BenchSupport
import Foundation

/// A benchmark run that could not account for its work.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func format(_ duration: Duration) -> String {
    String(format: "%.2f", duration.seconds)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
    var milliseconds: Double { seconds * 1_000 }
}
