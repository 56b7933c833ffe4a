import CRdKafka

/// Owns an `rd_kafka_conf_t` until `rd_kafka_new` takes it over.
final class RDKafkaConfig {
    private var pointer: OpaquePointer?

    init() {
        pointer = rd_kafka_conf_new()
    }

    deinit {
        if let pointer { rd_kafka_conf_destroy(pointer) }
    }

    /// Sets one property; unknown names and invalid values throw naming the property, with librdkafka's message.
    func set(_ name: String, _ value: String) throws(KafkaError) {
        guard let pointer else { preconditionFailure("RDKafkaConfig used after being handed to rd_kafka_new") }
        var errorText = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, name, value, &errorText, errorText.count)
        if result != RD_KAFKA_CONF_OK {
            let message = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError.configuration(property: name, message: message)
        }
    }

    func set(_ properties: [(String, String)]) throws(KafkaError) {
        for (name, value) in properties { try set(name, value) }
    }

    /// The value librdkafka holds for a property (as set, or its default); nil for an unknown name.
    func get(_ name: String) -> String? {
        guard let pointer else { preconditionFailure("RDKafkaConfig used after being handed to rd_kafka_new") }
        var size = 0
        guard rd_kafka_conf_get(pointer, name, nil, &size) == RD_KAFKA_CONF_OK, size > 0 else { return nil }
        var value = [CChar](repeating: 0, count: size)
        guard rd_kafka_conf_get(pointer, name, &value, &size) == RD_KAFKA_CONF_OK else { return nil }
        return value.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Scoped access for the `rd_kafka_conf_set_*` callback setters; do not let the pointer escape.
    func withPointer<R>(_ body: (OpaquePointer) -> R) -> R {
        guard let pointer else { preconditionFailure("RDKafkaConfig used after being handed to rd_kafka_new") }
        return body(pointer)
    }

    /// Hands the configuration to `rd_kafka_new`, which owns it from then on if (and only if) it succeeds.
    func create(_ type: rd_kafka_type_t) throws(KafkaError) -> OpaquePointer {
        guard let pointer else { preconditionFailure("RDKafkaConfig used twice") }
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, pointer, &errorText, errorText.count) else {
            let message = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError.configuration(property: Self.propertyNamed(in: message) ?? "(configuration)",
                                           message: message)
        }
        self.pointer = nil
        return handle
    }

    /// librdkafka's `rd_kafka_new` messages quote the property at fault (`` `transactional.id` requires ... ``);
    /// pick the first quoted dotted name so the error can say which property to fix.
    private static func propertyNamed(in message: String) -> String? {
        for quote in ["`", "\""] {
            let parts = message.components(separatedByQuote: quote)
            if let name = parts.first(where: { $0.contains(".") && !$0.contains(" ") }) { return name }
        }
        return nil
    }
}

extension String {
    /// The substrings between pairs of `quote`.
    fileprivate func components(separatedByQuote quote: String) -> [String] {
        let pieces = split(separator: Character(quote), omittingEmptySubsequences: false)
        return stride(from: 1, to: pieces.count, by: 2).map { String(pieces[$0]) }
    }
}
