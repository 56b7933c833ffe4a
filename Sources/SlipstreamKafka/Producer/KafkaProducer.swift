import CRdKafka
import Logging

/// Sends messages to Kafka: keys, values, headers, timestamps, explicit partitions or the configured
/// partitioner; delivery reports in batches; flush; idempotent and transactional modes.
///
/// Threading: `send` may be called from any number of threads at once (librdkafka's queue is thread-safe and
/// `send` takes no lock). `poll`, `flush` and the transaction calls serve librdkafka's callbacks and are
/// serialized by one internal lock, taken once per call: call them from one thread (typically the sending one)
/// regularly, or delivery reports pile up in memory. A full local queue makes `send` poll for up to
/// `queueFullWait` before it throws `queueFull`.
///
/// Lifetime: call `flush` before dropping the last reference; messages still queued when the producer is
/// destroyed are discarded.
public final class KafkaProducer: @unchecked Sendable {
    /// The settings the producer was created with.
    public let configuration: KafkaProducerConfiguration
    let client: RDKafkaClient
    private let pollLock = KafkaLock()
    private let topicsLock = KafkaLock()
    private var topics: [String: KafkaProducerTopic] = [:]
    /// The configured partitioner's librdkafka function, when it places keyed messages by key alone (see
    /// `KafkaKeyPartitioning`).
    private let keyPartitioner: KafkaKeyPartitioning.Function?
    private let queueFullWaitMilliseconds: Int32

    /// Creates the producer. Throws a `KafkaError` naming the property when the configuration is invalid.
    public init(
        configuration: KafkaProducerConfiguration,
        logger: Logger = Logger(label: "slipstream.kafka.producer")
    ) throws(KafkaError) {
        self.configuration = configuration
        queueFullWaitMilliseconds = configuration.queueFullWait.kafkaMilliseconds
        let config = RDKafkaConfig()
        try config.set(configuration.librdkafkaProperties())
        keyPartitioner = config.get("partitioner").flatMap(KafkaKeyPartitioning.function(named:))
        let context = RDKafkaCallbackContext(logger: logger, deliveryReportMode: configuration.deliveryReports)
        context.installCommonCallbacks(on: config)
        context.installDeliveryReportCallback(on: config)
        client = try RDKafkaClient(type: RD_KAFKA_PRODUCER, config: config, context: context)
    }

    /// A handle for `name`, created on first use and cached. Resolve topics once, outside the hot path.
    public func topic(_ name: String) throws(KafkaError) -> KafkaProducerTopic {
        try topicsLock.withLock { () throws(KafkaError) -> KafkaProducerTopic in
            if let topic = topics[name] { return topic }
            let topic = try KafkaProducerTopic(name: name, client: client, partitioner: keyPartitioner)
            topics[name] = topic
            return topic
        }
    }

    // MARK: - Sending

    /// Queues one message; the bytes are copied before this returns.
    ///
    /// - Parameters:
    ///   - topic: from `topic(_:)`.
    ///   - partition: an explicit partition, or `KafkaPartition.any` for the configured partitioner.
    ///   - key: the key bytes, nil for none.
    ///   - value: the value bytes, nil for a null value (a tombstone).
    ///   - headers: headers to attach.
    ///   - timestamp: CreateTime in milliseconds since 1970; nil for the current time.
    ///   - id: returned in this message's delivery report.
    /// - Throws: `queueFull` when the local queue stayed full for `queueFullWait`, `unknownPartition` for a
    ///   partition the topic does not have, or another librdkafka error.
    public func send(
        to topic: KafkaProducerTopic, partition: Int32 = KafkaPartition.any,
        keyBytes key: UnsafeRawBufferPointer?, valueBytes value: UnsafeRawBufferPointer?,
        headers: [KafkaHeader] = [], timestamp: Int64? = nil, id: UInt64 = 0
    ) throws(KafkaError) {
        let opaque = UnsafeMutableRawPointer(bitPattern: UInt(truncatingIfNeeded: id))
        let code: rd_kafka_resp_err_t
        if headers.isEmpty && timestamp == nil {
            // The plain C entry point: no argument array to build, the cheapest way in.
            code = enqueue {
                let result = rd_kafka_produce(
                    topic.handle, partition, RD_KAFKA_MSG_F_COPY,
                    UnsafeMutableRawPointer(mutating: value?.baseAddress), value?.count ?? 0,
                    key?.baseAddress, key?.count ?? 0, opaque)
                return result == 0 ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_last_error()
            }
        } else {
            code = Self.withHeaderStorage(headers) { headerPointers in
                enqueue {
                    produceva(
                        topic: topic, partition: partition, key: key, value: value, headers: headerPointers,
                        timestamp: timestamp, opaque: opaque)
                }
            }
        }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError.rdKafka(
                code, message: "cannot send to \(topic.name): \(String(cString: rd_kafka_err2str(code)))")
        }
    }

    /// Queues one message with a key; see `send(to:partition:keyBytes:valueBytes:headers:timestamp:id:)`.
    @inlinable
    public func send(
        to topic: KafkaProducerTopic, partition: Int32 = KafkaPartition.any, key: some KafkaBytes,
        value: some KafkaBytes, headers: [KafkaHeader] = [], timestamp: Int64? = nil, id: UInt64 = 0
    ) throws(KafkaError) {
        let outcome = key.withKafkaBytes { keyBytes in
            value.withKafkaBytes { valueBytes in
                Result { () throws(KafkaError) in
                    try send(
                        to: topic, partition: partition, keyBytes: keyBytes, valueBytes: valueBytes, headers: headers,
                        timestamp: timestamp, id: id)
                }
            }
        }
        try outcome.get()
    }

    /// Queues one message without a key; see `send(to:partition:keyBytes:valueBytes:headers:timestamp:id:)`.
    @inlinable
    public func send(
        to topic: KafkaProducerTopic, partition: Int32 = KafkaPartition.any, value: some KafkaBytes,
        headers: [KafkaHeader] = [], timestamp: Int64? = nil, id: UInt64 = 0
    ) throws(KafkaError) {
        let outcome = value.withKafkaBytes { valueBytes in
            Result { () throws(KafkaError) in
                try send(
                    to: topic, partition: partition, keyBytes: nil, valueBytes: valueBytes, headers: headers,
                    timestamp: timestamp, id: id)
            }
        }
        try outcome.get()
    }

    /// Queues one message with a key to a topic named by a string (looked up in a locked cache: prefer a
    /// `KafkaProducerTopic` on hot paths).
    @inlinable
    public func send(
        to topicName: String, partition: Int32 = KafkaPartition.any, key: some KafkaBytes, value: some KafkaBytes,
        headers: [KafkaHeader] = [], timestamp: Int64? = nil, id: UInt64 = 0
    ) throws(KafkaError) {
        try send(
            to: topic(topicName), partition: partition, key: key, value: value, headers: headers,
            timestamp: timestamp, id: id)
    }

    /// Queues one message without a key to a topic named by a string (looked up in a locked cache: prefer a
    /// `KafkaProducerTopic` on hot paths).
    @inlinable
    public func send(
        to topicName: String, partition: Int32 = KafkaPartition.any, value: some KafkaBytes,
        headers: [KafkaHeader] = [], timestamp: Int64? = nil, id: UInt64 = 0
    ) throws(KafkaError) {
        try send(to: topic(topicName), partition: partition, value: value, headers: headers, timestamp: timestamp, id: id)
    }

    /// Runs one enqueue attempt, and while the local queue is full, polls (serving delivery reports, which
    /// frees room) and retries until `queueFullWait` has passed.
    private func enqueue(_ attempt: () -> rd_kafka_resp_err_t) -> rd_kafka_resp_err_t {
        var code = attempt()
        guard code == RD_KAFKA_RESP_ERR__QUEUE_FULL, queueFullWaitMilliseconds > 0 else { return code }
        let deadline = ContinuousClock.now.advanced(by: configuration.queueFullWait)
        while code == RD_KAFKA_RESP_ERR__QUEUE_FULL && ContinuousClock.now < deadline {
            servePoll(timeoutMilliseconds: 5)
            code = attempt()
        }
        return code
    }

    private func produceva(
        topic: KafkaProducerTopic, partition: Int32, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: UnsafeBufferPointer<(name: UnsafePointer<CChar>, value: UnsafeRawBufferPointer?)>,
        timestamp: Int64?, opaque: UnsafeMutableRawPointer?
    ) -> rd_kafka_resp_err_t {
        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7 + headers.count) { values in
            var count = 0
            func append(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                var entry = rd_kafka_vu_t()
                entry.vtype = type
                fill(&entry)
                values.initializeElement(at: count, to: entry)
                count += 1
            }
            append(RD_KAFKA_VTYPE_RKT) { $0.u.rkt = topic.handle }
            append(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
            append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
            append(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = opaque }
            if let value {
                append(RD_KAFKA_VTYPE_VALUE) {
                    $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                    $0.u.mem.size = value.count
                }
            }
            if let key {
                append(RD_KAFKA_VTYPE_KEY) {
                    $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                    $0.u.mem.size = key.count
                }
            }
            if let timestamp { append(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = timestamp } }
            for header in headers {
                append(RD_KAFKA_VTYPE_HEADER) {
                    $0.u.header.name = header.name
                    // A nil pointer is Kafka's null value; an empty value still needs a valid pointer.
                    if let value = header.value {
                        $0.u.header.val = UnsafeRawPointer(value.baseAddress) ?? UnsafeRawPointer(header.name)
                        $0.u.header.size = value.count
                    } else {
                        $0.u.header.val = nil
                        $0.u.header.size = 0
                    }
                }
            }
            defer { values.baseAddress!.deinitialize(count: count) }
            guard let error = rd_kafka_produceva(client.handle, values.baseAddress, count) else {
                return RD_KAFKA_RESP_ERR_NO_ERROR
            }
            let code = rd_kafka_error_code(error)
            rd_kafka_error_destroy(error)
            return code
        }
    }

    /// Lays header names (NUL-terminated) and values out in one temporary buffer, so that any number of headers
    /// costs one stack allocation rather than nested scopes or heap copies.
    private static func withHeaderStorage<R>(
        _ headers: [KafkaHeader],
        _ body: (UnsafeBufferPointer<(name: UnsafePointer<CChar>, value: UnsafeRawBufferPointer?)>) -> R
    ) -> R {
        if headers.isEmpty { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        var byteCount = 0
        for header in headers { byteCount += header.name.utf8.count + 1 + (header.value?.count ?? 0) }
        return withUnsafeTemporaryAllocation(byteCount: max(byteCount, 1), alignment: 1) { bytes in
            withUnsafeTemporaryAllocation(
                of: (name: UnsafePointer<CChar>, value: UnsafeRawBufferPointer?).self, capacity: headers.count
            ) { pointers in
                var cursor = 0
                for (index, header) in headers.enumerated() {
                    let nameStart = cursor
                    for byte in header.name.utf8 {
                        bytes[cursor] = byte
                        cursor += 1
                    }
                    bytes[cursor] = 0
                    cursor += 1
                    var valueView: UnsafeRawBufferPointer?
                    if let value = header.value {
                        let valueStart = cursor
                        value.withUnsafeBytes { source in
                            if !source.isEmpty {
                                UnsafeMutableRawBufferPointer(rebasing: bytes[cursor..<cursor + source.count])
                                    .copyMemory(from: source)
                            }
                        }
                        cursor += value.count
                        valueView = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<cursor])
                    }
                    let name = (bytes.baseAddress! + nameStart).assumingMemoryBound(to: CChar.self)
                    pointers.initializeElement(at: index, to: (name: UnsafePointer(name), value: valueView))
                }
                return body(UnsafeBufferPointer(pointers))
            }
        }
    }

    // MARK: - Delivery reports

    /// Serves librdkafka's events for up to `timeout` and appends the delivery reports that arrived to
    /// `reports`. Returns how many were appended. Reuse one array across calls to avoid allocation.
    @discardableResult
    public func poll(timeout: Duration = .zero, into reports: inout [KafkaDeliveryReport]) -> Int {
        pollLock.withLock {
            rd_kafka_poll(client.handle, timeout.kafkaMilliseconds)
            return takePendingReports(into: &reports)
        }
    }

    /// Serves librdkafka's events for up to `timeout` and returns the delivery reports that arrived.
    public func poll(timeout: Duration = .zero) -> [KafkaDeliveryReport] {
        var reports: [KafkaDeliveryReport] = []
        poll(timeout: timeout, into: &reports)
        return reports
    }

    /// Waits until every queued message is delivered or failed, up to `timeout`. Delivery reports received
    /// meanwhile are kept for the next `poll`. Throws `timedOut` (naming how many are left) on timeout.
    public func flush(timeout: Duration) throws(KafkaError) {
        let code = pollLock.withLock { rd_kafka_flush(client.handle, timeout.kafkaMilliseconds) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError.rdKafka(
                code, message: "\(rd_kafka_outq_len(client.handle)) messages still in flight after \(timeout)")
        }
    }

    /// Messages queued or in flight, plus delivery reports not yet served.
    public var outstandingMessages: Int { Int(rd_kafka_outq_len(client.handle)) }

    /// Failed deliveries so far, counted even when the report mode does not return them.
    public var failedDeliveries: Int { pollLock.withLock { client.context.failedDeliveries } }

    /// The number of partitions of `topic`, asking a broker; throws `unknownTopicOrPartition` for a missing
    /// topic and a transport or timeout error when no broker answers within `timeout`. With
    /// `allow.auto.create.topics` on (librdkafka's producer default) the broker may create the topic instead.
    public func partitionCount(of topic: String, timeout: Duration) throws(KafkaError) -> Int {
        try client.partitionCount(topic: topic, timeout: timeout)
    }

    /// The fatal error that made this producer unusable, if any (e.g. a fenced transactional producer).
    public var fatalError: KafkaError? { client.fatalError() }

    /// Polls with the lock held; reports stay pending for the next public `poll`.
    func servePoll(timeoutMilliseconds: Int32) {
        pollLock.withLock { _ = rd_kafka_poll(client.handle, timeoutMilliseconds) }
    }

    /// Must be called with the poll lock held.
    private func takePendingReports(into reports: inout [KafkaDeliveryReport]) -> Int {
        let context = client.context
        let count = context.pendingReports.count
        if count > 0 {
            reports.append(contentsOf: context.pendingReports)
            context.pendingReports.removeAll(keepingCapacity: true)
        }
        return count
    }

    /// Runs a blocking librdkafka call that may serve delivery callbacks (flush, commit, abort) under the lock.
    func withPollLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        try pollLock.withLock(body)
    }
}
