import CRdKafka

extension KafkaError {
    /// An error for a bare librdkafka code; the message is librdkafka's text for it unless one is given.
    static func rdKafka(_ code: rd_kafka_resp_err_t, message: String? = nil) -> KafkaError {
        let raw = Code(rawValue: code.rawValue)
        return KafkaError(
            code: raw,
            name: String(cString: rd_kafka_err2name(code)),
            message: message ?? String(cString: rd_kafka_err2str(code)),
            isFatal: raw == .fatal,
            isRetriable: Self.retriableCodes.contains(raw)
        )
    }

    /// An error for a raw code as found in messages and partition lists.
    static func rdKafka(rawCode: Int32, message: String? = nil) -> KafkaError {
        rdKafka(rd_kafka_resp_err_t(rawValue: rawCode), message: message)
    }

    /// Takes ownership of an `rd_kafka_error_t` (destroying it) and keeps all it says.
    static func consuming(_ error: OpaquePointer) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        return KafkaError(
            code: Code(rawValue: code.rawValue),
            name: String(cString: rd_kafka_error_name(error)),
            message: String(cString: rd_kafka_error_string(error)),
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            requiresTransactionAbort: rd_kafka_error_txn_requires_abort(error) != 0
        )
    }

    /// A configuration error naming the property, with librdkafka's explanation.
    static func configuration(property: String, message: String) -> KafkaError {
        KafkaError(
            code: .invalidArgument, name: String(cString: rd_kafka_err2name(RD_KAFKA_RESP_ERR__INVALID_ARG)),
            message: message, property: property)
    }

    /// A misuse of the API detected on the Swift side (e.g. a closed consumer).
    static func state(_ message: String) -> KafkaError {
        KafkaError(code: .state, name: String(cString: rd_kafka_err2name(RD_KAFKA_RESP_ERR__STATE)), message: message)
    }

    /// An argument rejected on the Swift side before reaching librdkafka.
    static func invalidArgument(_ message: String) -> KafkaError {
        KafkaError(
            code: .invalidArgument, name: String(cString: rd_kafka_err2name(RD_KAFKA_RESP_ERR__INVALID_ARG)),
            message: message)
    }

    /// Codes that mean "try again": local back-pressure, timeouts and broker or leadership changes.
    private static let retriableCodes: Set<Code> = [
        .timedOut, .queueFull, .transport, .allBrokersDown, .notLeaderForPartition, .requestTimedOut,
        .brokerNotAvailable, .coordinatorNotAvailable, .notCoordinator, .notEnoughReplicas,
    ]
}

/// Turns a returned `rd_kafka_error_t *` (nil on success) into a thrown `KafkaError`.
func throwIfError(_ error: OpaquePointer?) throws(KafkaError) {
    if let error { throw KafkaError.consuming(error) }
}

/// Turns a returned `rd_kafka_resp_err_t` into a thrown `KafkaError`.
func throwIfError(_ code: rd_kafka_resp_err_t, message: String? = nil) throws(KafkaError) {
    if code != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(code, message: message) }
}
