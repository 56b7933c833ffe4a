import CRdKafka
import Logging

/// The Swift state librdkafka's callbacks reach through the configuration opaque.
///
/// librdkafka calls `log_cb` and `error_cb` from its own threads (handled with thread-safe members only), and
/// `dr_msg_cb`, `rebalance_cb` and `offset_commit_cb` only from inside the application's poll calls, which the
/// owning client serializes with its poll lock; `pendingReports` is touched only under that lock.
final class RDKafkaCallbackContext: @unchecked Sendable {
    let logger: Logger
    let deliveryReportMode: KafkaDeliveryReportMode
    let rebalanceHandler: (@Sendable (KafkaRebalanceEvent) -> Void)?
    let commitHandler: (@Sendable (KafkaCommitResult) -> Void)?

    /// Delivery reports received but not yet handed out by `KafkaProducer.poll` (guarded by the poll lock).
    var pendingReports: [KafkaDeliveryReport] = []
    /// Count of failed deliveries, including those not reported because of the report mode (poll lock).
    var failedDeliveries = 0

    init(
        logger: Logger, deliveryReportMode: KafkaDeliveryReportMode = .none,
        rebalanceHandler: (@Sendable (KafkaRebalanceEvent) -> Void)? = nil,
        commitHandler: (@Sendable (KafkaCommitResult) -> Void)? = nil
    ) {
        self.logger = logger
        self.deliveryReportMode = deliveryReportMode
        self.rebalanceHandler = rebalanceHandler
        self.commitHandler = commitHandler
        if deliveryReportMode != .none { pendingReports.reserveCapacity(4096) }
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbackContext {
        Unmanaged<RDKafkaCallbackContext>.fromOpaque(opaque!).takeUnretainedValue()
    }

    /// Installs the callbacks shared by producers and consumers: librdkafka's log lines and client-level errors
    /// go to the Swift logger instead of stderr.
    func installCommonCallbacks(on config: RDKafkaConfig) {
        config.withPointer { conf in
            rd_kafka_conf_set_opaque(conf, opaque)
            rd_kafka_conf_set_log_cb(conf) { handle, level, facility, text in
                guard let handle, let text else { return }
                let context = RDKafkaCallbackContext.from(rd_kafka_opaque(handle))
                let logLevel: Logger.Level
                switch level {
                case ...3: logLevel = .error
                case 4: logLevel = .warning
                case 5, 6: logLevel = .info
                default: logLevel = .debug
                }
                context.logger.log(
                    level: logLevel, "\(String(cString: text))",
                    metadata: ["librdkafka.facility": "\(facility.map { String(cString: $0) } ?? "")"])
            }
            rd_kafka_conf_set_error_cb(conf) { handle, code, reason, opaque in
                let context = RDKafkaCallbackContext.from(opaque)
                let error = KafkaError.rdKafka(
                    rd_kafka_resp_err_t(rawValue: code), message: reason.map { String(cString: $0) })
                if error.code == .fatal, let handle {
                    var text = [CChar](repeating: 0, count: 512)
                    let underlying = rd_kafka_fatal_error(handle, &text, text.count)
                    let message = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                    context.logger.critical("fatal Kafka client error: \(KafkaError.rdKafka(underlying, message: message))")
                } else {
                    context.logger.warning("Kafka client error: \(error)")
                }
            }
        }
    }

    /// Installs the delivery report callback: one report per message, appended to `pendingReports` while the
    /// producer's poll runs. No allocation per report once the buffer has grown.
    func installDeliveryReportCallback(on config: RDKafkaConfig) {
        config.withPointer { conf in
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, let opaque else { return }
                // Borrowed, not retained: the context outlives its client, and this runs once per message.
                Unmanaged<RDKafkaCallbackContext>.fromOpaque(opaque)._withUnsafeGuaranteedRef { context in
                    let code = message.pointee.err
                    var errorCode: KafkaError.Code?
                    if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                        context.failedDeliveries += 1
                        errorCode = KafkaError.Code(rawValue: code.rawValue)
                        if context.deliveryReportMode == .none {
                            context.logger.error("message not delivered: \(KafkaError.rdKafka(code))")
                            return
                        }
                    } else if context.deliveryReportMode != .all {
                        return
                    }
                    context.pendingReports.append(
                        KafkaDeliveryReport(
                            id: UInt64(UInt(bitPattern: message.pointee._private)),
                            partition: message.pointee.partition,
                            offset: message.pointee.offset,
                            errorCode: errorCode))
                }
            }
        }
    }

    /// Installs the rebalance callback: applies the new assignment (eager or incremental, whichever protocol
    /// the group uses) and tells the handler; revocations are told before the partitions are given up so the
    /// handler can still commit for them.
    func installRebalanceCallback(on config: RDKafkaConfig) {
        config.withPointer { conf in
            rd_kafka_conf_set_rebalance_cb(conf) { handle, code, partitions, opaque in
                guard let handle else { return }
                let context = RDKafkaCallbackContext.from(opaque)
                let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
                let list = RDKafkaTopicPartitionList.partitions(of: partitions)
                switch code {
                case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
                    if cooperative {
                        if let error = rd_kafka_incremental_assign(handle, partitions) {
                            context.logger.error("incremental assign failed: \(KafkaError.consuming(error))")
                        }
                    } else {
                        let result = rd_kafka_assign(handle, partitions)
                        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                            context.logger.error("assign failed: \(KafkaError.rdKafka(result))")
                        }
                    }
                    context.logger.info("partitions assigned: \(list.map(\.description).joined(separator: ", "))")
                    context.rebalanceHandler?(.assigned(list))
                case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
                    let lost = rd_kafka_assignment_lost(handle) != 0
                    context.logger.info(
                        "partitions \(lost ? "lost" : "revoked"): \(list.map(\.description).joined(separator: ", "))")
                    context.rebalanceHandler?(lost ? .lost(list) : .revoked(list))
                    if cooperative {
                        if let error = rd_kafka_incremental_unassign(handle, partitions) {
                            context.logger.error("incremental unassign failed: \(KafkaError.consuming(error))")
                        }
                    } else {
                        _ = rd_kafka_assign(handle, nil)
                    }
                default:
                    context.logger.error("rebalance failed: \(KafkaError.rdKafka(code))")
                    _ = rd_kafka_assign(handle, nil)
                }
            }
        }
    }

    /// Installs the commit callback (async commits and auto-commits report here, during poll).
    func installCommitCallback(on config: RDKafkaConfig) {
        config.withPointer { conf in
            rd_kafka_conf_set_offset_commit_cb(conf) { _, code, offsets, opaque in
                let context = RDKafkaCallbackContext.from(opaque)
                let committed = RDKafkaTopicPartitionList.offsets(of: offsets)
                if code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR__NO_OFFSET {
                    context.commitHandler?(.success(committed))
                } else {
                    context.commitHandler?(.failure(KafkaError.rdKafka(code)))
                }
            }
        }
    }
}
