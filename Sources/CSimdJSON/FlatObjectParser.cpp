// The fast path of slip_json_parse for the documents events are made of: a flat object whose keys and strings hold
// no escapes. One pass fills the field table without simdjson's two stages; the walk in FieldTableParser.cpp remains
// the parser of record, so this path only accepts what it can read exactly as that walk does, and declines the rest.

#include "FlatObjectParser.h"

#include "DecimalScan.h"
#include "JSONText.h"

#include <cmath>
#include <cstring>

namespace slip_json_text {

namespace {

constexpr double two_to_63 = 9223372036854775808.0;

/// Reads the number literal at p as the simdjson walk does: an integer literal as an exact int64 (its double is
/// then the int64's, so `-0` is +0), anything else as the nearest double, exact when the literal denotes an integer
/// in the int64 range. Integer literals of more than 18 digits are declined (near and beyond the int64 range the
/// walk's rules depend on simdjson's).
inline bool read_number(const uint8_t *p, const uint8_t *end, slip_json_field *f, const uint8_t **stop) {
    double d = 0;
    const uint8_t *after = nullptr;
    IntegerLiteral literal;
    NumberScan scan = scan_number(p, end, &d, &after, &literal);
    if (scan == NumberScan::malformed) { return false; }
    size_t n = size_t(after - p);
    if (literal.integral) {
        // Every byte after the sign is a digit; at most 18 of them fit the scan's mantissa exactly.
        size_t digit_count = *p == '-' ? n - 1 : n;
        if (digit_count > 18) { return false; }
        int64_t value = int64_t(literal.magnitude);
        if (*p == '-') { value = -value; }
        f->number = double(value);
        f->integer = value;
        f->flags |= SLIP_JSON_EXACT_INTEGER;
    } else {
        if (scan == NumberScan::slow && parse_long_number(p, n, &d) != SLIP_JSON_OK) { return false; }
        if (!std::isfinite(d)) { return false; }
        int64_t value = 0;
        if (d == std::floor(d) && d >= -two_to_63 && d < two_to_63 && exact_integer_literal(p, n, &value)) {
            f->integer = value;
            f->flags |= SLIP_JSON_EXACT_INTEGER;
        }
        f->number = d;
    }
    f->kind = SLIP_JSON_NUMBER;
    *stop = after;
    return true;
}

/// Reads the scalar value at p (p < end) into f; on success *stop is just after it.
inline bool read_value(const uint8_t *base, const uint8_t *p, const uint8_t *end, slip_json_field *f,
                       const uint8_t **stop) {
    f->value_offset = uint32_t(p - base);
    switch (*p) {
    case '"': {
        const uint8_t *close = nullptr;
        if (!scan_plain_string(p + 1, end, &close)) { return false; }
        f->kind = SLIP_JSON_STRING;
        f->value_offset = uint32_t(p + 1 - base);
        f->value_length = uint32_t(close - p - 1);
        *stop = close + 1;
        return true;
    }
    case 't':
        if (end - p < 4 || std::memcmp(p, "true", 4) != 0) { return false; }
        f->kind = SLIP_JSON_TRUE;
        f->value_length = 4;
        *stop = p + 4;
        return true;
    case 'f':
        if (end - p < 5 || std::memcmp(p, "false", 5) != 0) { return false; }
        f->kind = SLIP_JSON_FALSE;
        f->value_length = 5;
        *stop = p + 5;
        return true;
    case 'n':
        if (end - p < 4 || std::memcmp(p, "null", 4) != 0) { return false; }
        f->kind = SLIP_JSON_NULL;
        f->value_length = 4;
        *stop = p + 4;
        return true;
    default:
        if (!read_number(p, end, f, stop)) { return false; }
        f->value_length = uint32_t(*stop - p);
        return true;
    }
}

} // namespace

bool parse_flat_object(const uint8_t *input, size_t length, std::vector<slip_json_field> &fields,
                       bool *duplicate_keys) {
    *duplicate_keys = false;
    if (length > UINT32_MAX) { return false; }
    // Keys here have no escape sequences, so equal keys are equal bytes.
    SeenKeys seen;
    size_t keys = 0;
    auto key = [&](size_t i, uint32_t *key_length) {
        *key_length = fields[i].key_length;
        return input + fields[i].key_offset;
    };
    const uint8_t *end = input + length;
    const uint8_t *p = skip_space(input, end);
    if (p == end || *p != '{') { return false; }
    p = skip_space(p + 1, end);
    if (p < end && *p == '}') { return skip_space(p + 1, end) == end; }
    for (;;) {
        if (p == end || *p != '"') { return false; }
        const uint8_t *close = nullptr;
        if (!scan_plain_string(p + 1, end, &close)) { return false; }
        fields.emplace_back();
        slip_json_field *f = &fields.back();
        f->key_offset = uint32_t(p + 1 - input);
        f->key_length = uint32_t(close - p - 1);
        if (seen.repeats(p + 1, f->key_length, keys++, key)) { *duplicate_keys = true; }
        p = skip_space(close + 1, end);
        if (p == end || *p != ':') { return false; }
        p = skip_space(p + 1, end);
        if (p == end) { return false; }
        const uint8_t *after = nullptr;
        if (!read_value(input, p, end, f, &after)) { return false; }
        p = skip_space(after, end);
        if (p == end) { return false; }
        if (*p == ',') {
            p = skip_space(p + 1, end);
            continue;
        }
        if (*p != '}') { return false; }
        return skip_space(p + 1, end) == end;
    }
}

} // namespace slip_json_text
