/// Everything a processor tasklet is connected to, prepared by the job before the typed tasklet is built.
@usableFromInline
struct TaskletWiring {
    /// One input ordinal: its queues (an `EdgeQueues<Input>`) and its priority.
    struct Input {
        let ordinal: Int
        let priority: Int
        let queues: AnyEdgeQueues
    }

    let context: ProcessorContext
    let inputs: [Input]
    /// One `OutboundCollector<Output>` per output ordinal, in ordinal order.
    let outputs: [AnyObject]
    let job: JobExecution
    let metrics: TaskletMetrics
    /// The tasklet's index in the job, used for snapshot accounting.
    let taskletIndex: Int
    /// Entries to restore before processing (empty when starting fresh).
    let restoreEntries: [SnapshotEntry]
    /// Items the processor may offer per call.
    let outboxLimit: Int
}
