// Number literals: the JSON grammar, exact integers written with a fraction or exponent, and exactly rounded
// parsing of long decimals.

#include "CSimdJSON.h"
#include "DecimalScan.h"
#include "JSONText.h"

#include <charconv>
#include <cstring>
#include <system_error>

namespace slip_json_text {

/// Whether the n bytes at s follow JSON's number grammar (used to tell "malformed" from "too large").
bool is_json_number(const uint8_t *s, size_t n) {
    size_t i = 0;
    auto digit = [&](size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
    if (i < n && s[i] == '-') { ++i; }
    if (!digit(i)) { return false; }
    if (s[i] == '0') { ++i; } else { while (digit(i)) { ++i; } }
    if (i < n && s[i] == '.') {
        ++i;
        if (!digit(i)) { return false; }
        while (digit(i)) { ++i; }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) { ++i; }
        if (!digit(i)) { return false; }
        while (digit(i)) { ++i; }
    }
    return i == n;
}

/// Whether the n bytes at s are an integer literal (no fraction, no exponent) of at most 20 digits, which simdjson
/// parses exactly.
bool is_plain_integer(const uint8_t *s, size_t n) {
    size_t digits = 0;
    for (size_t i = 0; i < n; ++i) {
        if (s[i] >= '0' && s[i] <= '9') { ++digits; } else if (!(i == 0 && s[i] == '-')) { return false; }
    }
    return digits <= 20;
}

/// The exact value of a number literal with a fraction or exponent (already checked against the grammar) when it is an
/// integer within the int64 range.
bool exact_integer_literal(const uint8_t *s, size_t n, int64_t *out) {
    size_t k = 0;
    bool negative = s[0] == '-';
    if (negative) { ++k; }
    // The significant digits, and the power of ten they are scaled by.
    const uint8_t *digits[2] = {nullptr, nullptr};
    size_t counts[2] = {0, 0};
    digits[0] = s + k;
    while (k < n && s[k] >= '0' && s[k] <= '9') { ++k; ++counts[0]; }
    if (k < n && s[k] == '.') {
        ++k;
        digits[1] = s + k;
        while (k < n && s[k] >= '0' && s[k] <= '9') { ++k; ++counts[1]; }
    }
    int64_t exponent = 0;
    if (k < n && (s[k] == 'e' || s[k] == 'E')) {
        ++k;
        bool negative_exponent = false;
        if (k < n && (s[k] == '+' || s[k] == '-')) { negative_exponent = s[k] == '-'; ++k; }
        while (k < n) {
            if (exponent < 100000) { exponent = exponent * 10 + (s[k] - '0'); }
            ++k;
        }
        if (negative_exponent) { exponent = -exponent; }
    }
    // The digits D (integer part then fraction) denote D * 10^(exponent - fraction digits). Trailing zeros of D
    // may absorb a negative scale; any other digit left after the point makes it no integer.
    size_t total = counts[0] + counts[1];
    auto digit_at = [&](size_t index) {
        return index < counts[0] ? digits[0][index] - '0' : digits[1][index - counts[0]] - '0';
    };
    int64_t scale = exponent - int64_t(counts[1]);
    while (scale < 0 && total > 0 && digit_at(total - 1) == 0) { --total; ++scale; }
    bool nonzero = false;
    for (size_t j = 0; j < total && !nonzero; ++j) { nonzero = digit_at(j) != 0; }
    if (!nonzero) {
        *out = 0;
        return true;
    }
    if (scale < 0) { return false; }
    // Accumulated as a negative number so that INT64_MIN fits.
    int64_t value = 0;
    auto push = [&](int digit) {
        if (value < (INT64_MIN + digit) / 10) { return false; }
        value = value * 10 - digit;
        return true;
    };
    for (size_t j = 0; j < total; ++j) { if (!push(digit_at(j))) { return false; } }
    for (int64_t j = 0; j < scale; ++j) { if (!push(0)) { return false; } }
    if (!negative) {
        if (value == INT64_MIN) { return false; }
        value = -value;
    }
    *out = value;
    return true;
}

/// Parses a JSON number (already checked against the grammar) exactly rounded. Underflow gives a signed zero, as
/// Swift's and Foundation's parsers do; overflow is an error.
int32_t parse_long_number(const uint8_t *s, size_t n, double *out) {
    const char *first = reinterpret_cast<const char *>(s);
    double d = 0;
    auto result = std::from_chars(first, first + n, d);
    if (result.ec == std::errc::result_out_of_range) {
        const void *e = std::memchr(s, 'e', n);
        if (e == nullptr) { e = std::memchr(s, 'E', n); }
        bool negative_exponent = e != nullptr && static_cast<const uint8_t *>(e)[1] == '-';
        if (!negative_exponent) { return SLIP_JSON_ERROR_NUMBER_RANGE; }
        d = s[0] == '-' ? -0.0 : 0.0;
    } else if (result.ec != std::errc() || result.ptr != first + n) {
        return SLIP_JSON_ERROR_NUMBER;
    }
    *out = d;
    return SLIP_JSON_OK;
}

} // namespace slip_json_text

extern "C" int32_t slip_json_parse_number(const void *bytes, size_t length, double *out) {
    using namespace slip_json_text;
    const uint8_t *s = static_cast<const uint8_t *>(bytes);
    const uint8_t *stop = nullptr;
    double value = 0;
    switch (scan_number(s, s + length, &value, &stop)) {
    case NumberScan::malformed: return SLIP_JSON_ERROR_NUMBER;
    case NumberScan::exact:
        if (stop != s + length) { return SLIP_JSON_ERROR_NUMBER; }
        *out = value;
        return SLIP_JSON_OK;
    case NumberScan::slow:
        if (stop != s + length) { return SLIP_JSON_ERROR_NUMBER; }
        return parse_long_number(s, length, out);
    }
    return SLIP_JSON_ERROR_NUMBER;
}
