import SlipstreamEngine

extension PhysicalPlan {
    /// The plan as text: one line per vertex (parallelism, threading, fused stages, what it reads or writes),
    /// then one per edge with its routing.
    public var textDescription: String {
        func parallelism(_ value: Int?) -> String { value.map(String.init) ?? "per-worker" }
        let nameWidth = max(vertices.map(\.name.count).max() ?? 0, 6)
        var lines = ["pipeline \(pipelineName): \(vertices.count) vertices, \(dag.edges.count) edges"]
        lines.append("vertices:")
        for vertex in vertices {
            var line = "  " + vertex.name.padding(toLength: nameWidth) + "  parallelism=" + parallelism(vertex.parallelism)
            line += vertex.isCooperative ? "" : " non-cooperative"
            line += "  " + kindSummary(vertex)
            if let detail = vertex.detail { line += "  (\(detail))" }
            lines.append(line)
        }
        lines.append("edges:")
        for edge in dag.edges {
            var line = "  \(edge.source) -> \(edge.destination)  \(edge.routing.rawValue)"
            if let partitions = edge.partitionCount { line += " (\(partitions) partitions)" }
            if edge.sourceOrdinal > 0 { line += "  from output \(edge.sourceOrdinal)" }
            lines.append(line)
        }
        lines.append("per-worker: one instance per cooperative worker thread")
        return lines.joined(separator: "\n")
    }

    /// The plan in Graphviz DOT: vertices as boxes (fused stages listed), edges labelled with their routing.
    public var dotDescription: String {
        func quoted(_ text: String) -> String {
            var escaped = ""
            for character in text {
                switch character {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                default: escaped.append(character)
                }
            }
            return "\"" + escaped + "\""
        }
        var lines = ["digraph \(quoted(pipelineName)) {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for vertex in vertices {
            var label = vertex.name + "\n" + kindSummary(vertex)
            label += "\n×" + (vertex.parallelism.map(String.init) ?? "per-worker")
            if let detail = vertex.detail { label += "\n" + detail }
            var attributes = "label=\(quoted(label))"
            if !vertex.isCooperative { attributes += ", style=bold" }
            if vertex.kinds.contains(.source) || vertex.kinds.contains(.sink) { attributes += ", shape=box3d" }
            lines.append("  \(quoted(vertex.name)) [\(attributes)];")
        }
        for edge in dag.edges {
            var label = edge.routing.rawValue
            if let partitions = edge.partitionCount { label += " (\(partitions))" }
            var attributes = "label=\(quoted(label))"
            if edge.sourceOrdinal > 0 { attributes += ", style=dashed" }
            lines.append("  \(quoted(edge.source)) -> \(quoted(edge.destination)) [\(attributes)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private func kindSummary(_ vertex: PlannedVertex) -> String {
        if vertex.isFused { return "fused[" + vertex.kinds.map(\.rawValue).joined(separator: ",") + "]" }
        return vertex.kinds.first?.rawValue ?? "identity"
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
