extension DAG: CustomStringConvertible {
    /// The DAG as text: one line per vertex (parallelism and item types), then one per edge.
    public var description: String {
        var lines = ["DAG (\(vertexDefinitions.count) vertices, \(edgeDefinitions.count) edges)"]
        for vertex in vertices {
            let parallelism = vertex.localParallelism.map(String.init) ?? "default"
            lines.append("  vertex \(vertex.name) parallelism=\(parallelism) \(vertex.inputType) -> \(vertex.outputType)")
        }
        for edge in edges {
            var line = "  edge \(edge)"
            if let partitions = edge.partitionCount { line += " partitions=\(partitions)" }
            if let capacity = edge.queueCapacity { line += " queue=\(capacity)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The DAG in Graphviz DOT: vertices as boxes labelled with their parallelism, edges with their routing.
    public var dotDescription: String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["digraph DAG {", "  rankdir=LR;", "  node [shape=box];"]
        for vertex in vertices {
            let parallelism = vertex.localParallelism.map { "×\($0)" } ?? "×default"
            lines.append("  \(quoted(vertex.name)) [label=\(quoted("\(vertex.name)\n\(parallelism)"))];")
        }
        for edge in edges {
            var label = edge.routing.rawValue
            if edge.priority != 0 { label += " p\(edge.priority)" }
            lines.append(
                "  \(quoted(edge.source)) -> \(quoted(edge.destination)) [label=\(quoted(label)), "
                    + "taillabel=\(edge.sourceOrdinal), headlabel=\(edge.destinationOrdinal)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
