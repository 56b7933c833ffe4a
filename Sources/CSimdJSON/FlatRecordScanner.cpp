// The flat-record scanner behind slip_flat_scan (see CSimdJSON.h): one pass over the bytes of a flat JSON object
// that reads the wanted members straight into their slots. It accepts only a subset of JSON that it validates
// completely itself; for anything else it declines and the caller takes the simdjson path, so that every error is
// reported by one parser.

#include "CSimdJSON.h"
#include "DecimalScan.h"
#include "JSONText.h"

#include <cstring>
#include <new>
#include <string>
#include <vector>

using namespace slip_json_text;

struct slip_flat_scanner {
    /// The distinct wanted names, and for each the first slot it fills; `next_slot` chains the other slots of a
    /// name wanted more than once (-1 ends the chain).
    std::vector<std::string> names;
    std::vector<int32_t> first_slot;
    std::vector<int32_t> next_slot;
    /// Open-addressing table of name indexes + 1 (0: empty), for keys not found by position.
    std::vector<uint32_t> table;
    uint32_t table_mask = 0;
    /// Per position in the previous document: its key and the name index it resolved to (-1: not wanted).
    std::vector<std::string> position_keys;
    std::vector<int32_t> position_names;
    std::vector<slip_flat_value> values;
};

namespace {

/// Members beyond this position are not remembered by position (their keys are looked up every time).
constexpr size_t max_positions = 4096;

uint32_t hash_bytes(const uint8_t *s, size_t n) {
    uint32_t h = 2166136261u;  // FNV-1a
    for (size_t i = 0; i < n; ++i) { h = (h ^ s[i]) * 16777619u; }
    return h;
}

int32_t lookup(const slip_flat_scanner &s, const uint8_t *key, size_t n) {
    uint32_t i = hash_bytes(key, n) & s.table_mask;
    while (uint32_t entry = s.table[i]) {
        const std::string &name = s.names[entry - 1];
        if (name.size() == n && std::memcmp(name.data(), key, n) == 0) { return int32_t(entry - 1); }
        i = (i + 1) & s.table_mask;
    }
    return -1;
}

/// Reads the value at p into v (when v is not null); on success *stop is just after the value.
inline bool scan_value(const uint8_t *base, const uint8_t *p, const uint8_t *end, slip_flat_value *v,
                       const uint8_t **stop) {
    switch (*p) {
    case '"': {
        const uint8_t *close = nullptr;
        if (!scan_plain_string(p + 1, end, &close)) { return false; }
        if (v != nullptr) {
            v->kind = SLIP_JSON_STRING;
            v->number = 0;
            v->value_offset = uint32_t(p + 1 - base);
            v->value_length = uint32_t(close - p - 1);
        }
        *stop = close + 1;
        return true;
    }
    case 't':
    case 'f':
    case 'n': {
        const char *literal = *p == 't' ? "true" : *p == 'f' ? "false" : "null";
        size_t n = std::strlen(literal);
        if (size_t(end - p) < n || std::memcmp(p, literal, n) != 0) { return false; }
        if (v != nullptr) {
            v->kind = *p == 't' ? SLIP_JSON_TRUE : *p == 'f' ? SLIP_JSON_FALSE : SLIP_JSON_NULL;
            v->number = 0;
            v->value_offset = uint32_t(p - base);
            v->value_length = uint32_t(n);
        }
        *stop = p + n;
        return true;
    }
    default: {
        double d = 0;
        const uint8_t *after = nullptr;
        switch (scan_number(p, end, &d, &after)) {
        case NumberScan::malformed: return false;
        case NumberScan::exact: break;
        case NumberScan::slow:
            // Long or far-scaled decimals, rare in events: exactly rounded by the C++ library. Unwanted members are
            // parsed too, since a number beyond a double's range makes the document invalid.
            if (parse_long_number(p, size_t(after - p), &d) != SLIP_JSON_OK) { return false; }
            break;
        }
        if (v != nullptr) {
            v->kind = SLIP_JSON_NUMBER;
            v->number = d;
            v->value_offset = uint32_t(p - base);
            v->value_length = uint32_t(after - p);
        }
        *stop = after;
        return true;
    }
    }
}

} // namespace

extern "C" slip_flat_scanner *slip_flat_scanner_create(const uint8_t *names, const uint32_t *offsets,
                                                       const uint32_t *lengths, uint32_t count) {
    try {
        auto *s = new slip_flat_scanner();
        s->values.assign(count, slip_flat_value{0, 0, 0, SLIP_FLAT_MISSING, {}});
        s->next_slot.assign(count, -1);
        uint32_t capacity = 8;
        while (capacity < 2 * count) { capacity *= 2; }
        s->table.assign(capacity, 0);
        s->table_mask = capacity - 1;
        for (uint32_t k = 0; k < count; ++k) {
            const uint8_t *name = names + offsets[k];
            int32_t existing = lookup(*s, name, lengths[k]);
            if (existing >= 0) {
                int32_t slot = s->first_slot[size_t(existing)];
                while (s->next_slot[size_t(slot)] >= 0) { slot = s->next_slot[size_t(slot)]; }
                s->next_slot[size_t(slot)] = int32_t(k);
                continue;
            }
            s->names.emplace_back(reinterpret_cast<const char *>(name), lengths[k]);
            s->first_slot.push_back(int32_t(k));
            uint32_t i = hash_bytes(name, lengths[k]) & s->table_mask;
            while (s->table[i] != 0) { i = (i + 1) & s->table_mask; }
            s->table[i] = uint32_t(s->names.size());
        }
        return s;
    } catch (...) {
        return nullptr;
    }
}

extern "C" void slip_flat_scanner_free(slip_flat_scanner *scanner) { delete scanner; }

extern "C" const slip_flat_value *slip_flat_scanner_values(const slip_flat_scanner *scanner) {
    return scanner->values.data();
}

extern "C" int32_t slip_flat_scan(slip_flat_scanner *s, const void *bytes, size_t length) {
    if (length > UINT32_MAX) { return 0; }
    const uint8_t *base = static_cast<const uint8_t *>(bytes);
    const uint8_t *end = base + length;
    slip_flat_value *values = s->values.data();
    for (slip_flat_value &v : s->values) { v.kind = SLIP_FLAT_MISSING; }

    const uint8_t *p = skip_space(base, end);
    if (p == end || *p != '{') { return 0; }
    p = skip_space(p + 1, end);
    if (p < end && *p == '}') {
        p = skip_space(p + 1, end);
        return p == end ? 1 : 0;
    }
    size_t known_positions = s->position_keys.size();
    for (size_t position = 0;; ++position) {
        if (p == end || *p != '"') { return 0; }
        ++p;
        // The key: first as the key this position had in the previous document.
        int32_t name = -1;
        bool resolved = false;
        if (position < known_positions) {
            const std::string &known = s->position_keys[position];
            size_t n = known.size();
            if (size_t(end - p) > n && p[n] == '"' && std::memcmp(p, known.data(), n) == 0) {
                name = s->position_names[position];
                p += n + 1;
                resolved = true;
            }
        }
        if (!resolved) {
            const uint8_t *close = nullptr;
            if (!scan_plain_string(p, end, &close)) { return 0; }
            name = lookup(*s, p, size_t(close - p));
            if (position < max_positions) {
                try {
                    if (position >= s->position_keys.size()) {
                        s->position_keys.resize(position + 1);
                        s->position_names.resize(position + 1, -1);
                        known_positions = position + 1;
                    }
                    s->position_keys[position].assign(reinterpret_cast<const char *>(p), size_t(close - p));
                    s->position_names[position] = name;
                } catch (...) {
                    return 0;
                }
            }
            p = close + 1;
        }
        p = skip_space(p, end);
        if (p == end || *p != ':') { return 0; }
        p = skip_space(p + 1, end);
        if (p == end) { return 0; }
        // Only the first occurrence of a wanted key is read, as lookups in a field table find it.
        int32_t slot = name >= 0 ? s->first_slot[size_t(name)] : -1;
        slip_flat_value *v = slot >= 0 && values[slot].kind == SLIP_FLAT_MISSING ? &values[slot] : nullptr;
        const uint8_t *after = nullptr;
        if (!scan_value(base, p, end, v, &after)) { return 0; }
        if (v != nullptr) {
            for (int32_t other = s->next_slot[size_t(slot)]; other >= 0; other = s->next_slot[size_t(other)]) {
                values[other] = *v;
            }
        }
        p = skip_space(after, end);
        if (p == end) { return 0; }
        if (*p == ',') {
            p = skip_space(p + 1, end);
            continue;
        }
        if (*p != '}') { return 0; }
        p = skip_space(p + 1, end);
        return p == end ? 1 : 0;
    }
}
