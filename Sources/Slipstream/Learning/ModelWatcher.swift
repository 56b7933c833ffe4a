import Foundation
import Logging
import SlipstreamEngine
import SlipstreamLearn

/// Watches a model file for a score-only stage, on a thread of its own: when the file changes (a new inode,
/// size or modification time), reads and validates it, and hands a valid model over for the stage to swap in
/// between two batches.
///
/// Reading, checksumming, parsing and building the learner (which allocates its weight table) all happen here,
/// off the scoring path; the stage only checks ``generation`` (one relaxed atomic load per batch) and takes the
/// prepared model under a lock when it moved, so a swap is an assignment between two batches. A file
/// that is damaged, half-written, for other features or another model family is logged, counted and ignored,
/// and the stage keeps scoring with the model it has; the file is read again when it changes again.
@usableFromInline
final class ModelWatcher: @unchecked Sendable {
    // @unchecked: `ready` and `signature` are guarded by `lock`, `stopped` by `condition`; the rest is immutable.
    private let path: String
    private let interval: Duration
    private let prepare: @Sendable (ModelFile) throws -> PreparedModel
    private let logger: Logger
    private let failures: Counter
    private let lock = NSLock()
    private var ready: PreparedModel?
    private var signature: FileSignature?
    private let condition = NSCondition()
    private var stopped = false
    private var thread: Thread?
    /// Moves each time a new model is ready.
    let generation = Counter()

    /// Watches `path`, starting from the version whose signature is `signature` (already loaded).
    init(
        path: String, interval: Duration, signature: FileSignature?, logger: Logger, failures: Counter,
        prepare: @escaping @Sendable (ModelFile) throws -> PreparedModel
    ) {
        self.path = path
        self.interval = interval
        self.signature = signature
        self.logger = logger
        self.failures = failures
        self.prepare = prepare
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "slipstream-model-watcher"
        self.thread = thread
        thread.start()
    }

    /// Stops the thread at its next wake-up (without waiting for the interval).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    /// The new model, if one is ready (at most once per version).
    func take() -> PreparedModel? {
        lock.withLock {
            defer { ready = nil }
            return ready
        }
    }

    private func run() {
        while waitForInterval() {
            check()
        }
    }

    /// Sleeps one interval; `false` once stopped.
    private func waitForInterval() -> Bool {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let deadline = Date(timeIntervalSinceNow: max(0.01, seconds))
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            if !condition.wait(until: deadline) { break }
        }
        return !stopped
    }

    /// Reads the file if it changed since the last look.
    func check() {
        guard let current = FileSignature(path: path) else { return }
        guard current != lock.withLock({ signature }) else { return }
        lock.withLock { signature = current }
        do {
            let prepared = try prepare(try ModelFile.read(from: URL(fileURLWithPath: path)))
            lock.withLock { ready = prepared }
            generation.add(1)
            logger.info("a new model is ready in \(path) (version \(prepared.version))")
        } catch {
            failures.add(1)
            logger.error("ignoring the model file \(path), the stage keeps its current model: \(error)")
        }
    }
}

/// A model read from a file and made ready to serve: the learner built, the transforms frozen.
@usableFromInline
struct PreparedModel: Sendable {
    let learner: any OnlineLearner
    let encoder: FeatureEncoder
    let version: Int64
}

/// What identifies a version of a file without reading it.
struct FileSignature: Hashable {
    var inode: UInt64
    var size: UInt64
    var modified: Double

    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    }
}

/// Writes a learning stage's serving model to a file after each completed snapshot, on a queue of its own:
/// written beside the destination, then renamed over it, so a reader never sees half a file.
@usableFromInline
final class ModelPublisher: Sendable {
    private let url: URL
    private let logger: Logger
    private let queue = DispatchQueue(label: "slipstream.model-publisher")

    init(path: String, logger: Logger) {
        self.url = URL(fileURLWithPath: path)
        self.logger = logger
    }

    func publish(_ bytes: [UInt8]) {
        let url = self.url
        let logger = self.logger
        queue.async {
            do {
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                logger.error("could not publish the model to \(url.path): \(error.localizedDescription)")
            }
        }
    }

    /// Waits for the writes under way.
    func finish() {
        queue.sync {}
    }
}
