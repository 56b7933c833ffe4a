/// The names of every metric Slipstream exports to Prometheus, in one place so that dashboards, alerts and the
/// documentation can rely on them.
///
/// Counters end in `_total`, durations are in seconds, and every `slipstream_` series carries a `job` label (the
/// pipeline's name); per-vertex series add `vertex`, learner series add `stage` and `learner`.
public enum MetricName {
    // MARK: - Per vertex

    /// Items the vertex took from its input queues (counter; labels `job`, `vertex`).
    public static let vertexItemsIn = "slipstream_vertex_items_in_total"
    /// Items the vertex emitted (counter; labels `job`, `vertex`).
    public static let vertexItemsOut = "slipstream_vertex_items_out_total"
    /// Items waiting in the vertex's input queues now (gauge; labels `job`, `vertex`).
    public static let vertexQueuedItems = "slipstream_vertex_queue_items"
    /// Total capacity of the vertex's input queues (gauge; labels `job`, `vertex`).
    public static let vertexQueueCapacity = "slipstream_vertex_queue_capacity_items"
    /// Queued items over capacity, 0…1 (gauge; labels `job`, `vertex`).
    public static let vertexQueueFill = "slipstream_vertex_queue_fill_ratio"
    /// Time the vertex's instances spent in calls that made progress (counter; labels `job`, `vertex`).
    public static let vertexBusySeconds = "slipstream_vertex_busy_seconds_total"
    /// Instances of the vertex (gauge; labels `job`, `vertex`).
    public static let vertexParallelism = "slipstream_vertex_parallelism"
    /// A processor's own named counter, such as late events or dead letters (counter; labels `job`, `vertex`,
    /// `counter`).
    public static let vertexCounter = "slipstream_vertex_events_total"

    // MARK: - Job

    /// Events read by the job's sources (counter; label `job`).
    public static let eventsIn = "slipstream_events_in_total"
    /// Events taken by the job's sinks (counter; label `job`).
    public static let eventsOut = "slipstream_events_out_total"
    /// 1 while the job runs, 0 once it has ended (gauge; label `job`).
    public static let jobRunning = "slipstream_job_running"
    /// 1 once the job has started, restored its state and its sources are assigned (gauge; label `job`).
    public static let jobReady = "slipstream_job_ready"
    /// Records in a source topic not read yet: high watermark minus the job's position, summed over the
    /// partitions, as of the last reading of the positions (gauge; labels `job`, `topic`).
    public static let consumerLag = "slipstream_consumer_lag_records"
    /// Time from an event's creation to its score leaving the pipeline (histogram; label `job`).
    public static let eventToScoreLatency = "slipstream_event_to_score_latency_seconds"

    // MARK: - Workers

    /// The share of one core a cooperative worker's tasklets kept it busy over its last 50 ms, 0…1, while the
    /// workers balance their load (gauge; labels `job`, `worker`).
    public static let workerLoad = "slipstream_worker_load_ratio"
    /// Tasklets moved from a busier worker to a less busy one (counter; label `job`).
    public static let taskletMoves = "slipstream_tasklet_moves_total"

    // MARK: - Learners

    /// Labelled examples the learner has learned from (counter; labels `job`, `stage`, `learner`).
    public static let learnerExamples = "slipstream_learner_examples_total"
    /// Progressive (predict, then learn) log loss over the whole stream (gauge; labels `job`, `stage`, `learner`).
    public static let learnerLogLoss = "slipstream_learner_log_loss"
    /// Progressive ROC AUC over the whole stream (gauge; labels `job`, `stage`, `learner`).
    public static let learnerAUC = "slipstream_learner_auc"
    /// Progressive ROC AUC over the recent window (gauge; labels `job`, `stage`, `learner`).
    public static let learnerRollingAUC = "slipstream_learner_rolling_auc"
    /// Progressive accuracy at the 0.5 threshold (gauge; labels `job`, `stage`, `learner`).
    public static let learnerAccuracy = "slipstream_learner_accuracy"

    // MARK: - Snapshots

    /// The id of the last committed snapshot (gauge; label `job`).
    public static let snapshotLastID = "slipstream_snapshot_last_id"
    /// When the last snapshot was committed, in seconds since the Unix epoch (gauge; label `job`).
    public static let snapshotLastTime = "slipstream_snapshot_last_timestamp_seconds"
    /// How long the last snapshot took from request to commit (gauge; label `job`).
    public static let snapshotLastDuration = "slipstream_snapshot_last_duration_seconds"
    /// Snapshots finished, by outcome `committed` or `failed` (counter; labels `job`, `outcome`).
    public static let snapshots = "slipstream_snapshots_total"

    // MARK: - Process (the names every Prometheus client uses; no labels)

    /// User and system CPU time (counter).
    public static let processCPUSeconds = "process_cpu_seconds_total"
    /// Resident memory (gauge; Linux).
    public static let processResidentMemory = "process_resident_memory_bytes"
    /// Open file descriptors (gauge; Linux).
    public static let processOpenDescriptors = "process_open_fds"
    /// When the process started, in seconds since the Unix epoch (gauge).
    public static let processStartTime = "process_start_time_seconds"
}
