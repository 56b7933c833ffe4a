#ifndef SLIPSTREAM_CRDKAFKA_SHIM_H
#define SLIPSTREAM_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/*
 * Cache hints for a consumer walking a batch of messages that librdkafka's broker thread wrote on another core,
 * where each message would otherwise stall on memory. Hints only: they never fault and change nothing.
 * `slip_rdkafka_prefetch_message` starts loading the message itself; `slip_rdkafka_prefetch_payload` (which reads
 * the message, so call it once the message is near) starts loading the first `bytes` bytes of its payload.
 */
static inline void slip_rdkafka_prefetch_message(const rd_kafka_message_t *message) {
    __builtin_prefetch(message);
}

static inline void slip_rdkafka_prefetch_payload(const rd_kafka_message_t *message, size_t bytes) {
    const char *payload = (const char *)message->payload;
    if (payload == NULL) { return; }
    if (bytes > message->len) { bytes = message->len; }
    for (size_t offset = 0; offset < bytes; offset += 64) {
        __builtin_prefetch(payload + offset);
    }
}
#endif
