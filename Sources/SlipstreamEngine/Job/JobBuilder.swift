/// Turns a validated DAG into a job's queues and tasklets: one tasklet per vertex instance, one queue per
/// connected pair of producer and consumer instances of each edge.
struct JobBuilder {
    let dag: DAG
    let config: JobConfig
    let defaultParallelism: Int

    func build() throws -> (job: JobExecution, tasklets: [any Tasklet]) {
        let fallback = config.defaultParallelism ?? defaultParallelism
        try dag.validate(defaultParallelism: fallback)
        let job = JobExecution(
            name: config.name, guarantee: config.processingGuarantee, snapshotSink: config.snapshotSink)
        let parallelism = dag.vertexDefinitions.indices.map { dag.parallelism(ofVertex: $0, default: fallback) }
        let queues = dag.edgeDefinitions.map { edge in
            edge.makeQueues(
                parallelism[edge.sourceIndex], parallelism[edge.destinationIndex],
                edge.edge.queueCapacity ?? config.queueCapacity)
        }
        var tasklets: [any Tasklet] = []
        var metricsByVertex = Array(repeating: [TaskletMetrics](), count: dag.vertexDefinitions.count)
        // Sources first, so that the first tasklets a worker gets are the ones producing work.
        for vertex in dag.topologicalOrder() {
            let definition = dag.vertexDefinitions[vertex]
            let inbound = dag.edgeDefinitions.indices.filter { dag.edgeDefinitions[$0].destinationIndex == vertex }
                .sorted { dag.edgeDefinitions[$0].edge.destinationOrdinal < dag.edgeDefinitions[$1].edge.destinationOrdinal }
            let outbound = dag.edgeDefinitions.indices.filter { dag.edgeDefinitions[$0].sourceIndex == vertex }
                .sorted { dag.edgeDefinitions[$0].edge.sourceOrdinal < dag.edgeDefinitions[$1].edge.sourceOrdinal }
            let partitioner = inbound.compactMap { dag.edgeDefinitions[$0].partitioner }.first ?? Partitioner()
            let restored = config.restoredState[definition.name] ?? []
            for instance in 0..<parallelism[vertex] {
                let counters = ProcessorCounters()
                let context = ProcessorContext(
                    jobName: config.name, vertexName: definition.name, instance: instance,
                    parallelism: parallelism[vertex], partitioner: partitioner, logger: config.logger,
                    counters: counters, clock: config.clock)
                let metrics = TaskletMetrics(
                    vertex: definition.name, instance: instance, counters: counters,
                    inboundQueues: inbound.flatMap { queues[$0].gauges(consumer: instance) })
                metricsByVertex[vertex].append(metrics)
                let wiring = TaskletWiring(
                    context: context,
                    inputs: inbound.map {
                        TaskletWiring.Input(
                            ordinal: dag.edgeDefinitions[$0].edge.destinationOrdinal,
                            priority: dag.edgeDefinitions[$0].edge.priority, queues: queues[$0])
                    },
                    outputs: outbound.map { dag.edgeDefinitions[$0].makeCollector(queues[$0], instance) },
                    job: job, metrics: metrics, taskletIndex: tasklets.count,
                    restoreEntries: restored.filter { entry in
                        entry.partition.map {
                            partitioner.instance(ofPartition: $0, instanceCount: parallelism[vertex]) == instance
                        } ?? true
                    },
                    outboxLimit: config.outboxBatchLimit)
                do {
                    tasklets.append(try definition.makeTasklet(wiring) as! any Tasklet)  // made by makeProcessorTasklet
                } catch {
                    throw EngineError(
                        .processorFailed, "creating the processor failed: \(error)", vertex: definition.name,
                        instance: instance, underlying: error)
                }
            }
        }
        job.register(
            taskletCount: tasklets.count,
            metrics: zip(dag.vertexDefinitions, metricsByVertex).map { ($0.name, $1) })
        return (job, tasklets)
    }
}
