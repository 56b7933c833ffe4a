// Scanning one JSON number literal: its grammar and, for the plain decimals events are made of (-0.123456, 42,
// 1.5e-3), its correctly rounded value without leaving the scan. Shared by the flat-record scanner, which reads a
// number while it finds where the number ends, and by slip_json_parse_number.

#ifndef SLIPSTREAM_DECIMAL_SCAN_H
#define SLIPSTREAM_DECIMAL_SCAN_H

#include <cstddef>
#include <cstdint>
#include <cstring>

// The word-at-a-time readers here and in the flat-record scanner load bytes little-endian first.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the flat-record scanner assumes a little-endian CPU");

namespace slip_json_text {

/// What scan_number found.
enum class NumberScan {
    /// `*out` holds the value, correctly rounded (the nearest double, ties to even).
    exact,
    /// The literal follows the grammar but is outside the fast path (more than 19 significant digits, or a scaled
    /// value that two exact doubles cannot give): the caller rounds the token with an exact parser.
    slow,
    /// The bytes are not a JSON number (`01`, `1.`, `.5`, `+1`, `-`, `NaN`, `Infinity`, ...).
    malformed,
};

/// What scan_number tells about a literal with no fraction and no exponent, for readers that keep integers exactly.
struct IntegerLiteral {
    /// The literal has no fraction and no exponent.
    bool integral = false;
    /// Its value without the sign, exact when the literal has at most 19 digits.
    uint64_t magnitude = 0;
};

/// Powers of ten that are exact doubles (10^0 ... 10^22).
inline constexpr double exact_powers_of_ten[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

inline bool is_digit(uint8_t c) { return uint8_t(c - '0') < 10; }

#if defined(__GNUC__)
#define SLIP_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define SLIP_ALWAYS_INLINE inline
#endif

/// Powers of ten up to 10^8, for appending a run of digits to a mantissa.
inline constexpr uint64_t small_powers_of_ten[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

/// Reads the run of up to 8 digits at p (8 bytes must be readable) in a few word operations instead of a loop:
/// returns how many digits lead the 8 bytes and adds their value to *value.
SLIP_ALWAYS_INLINE int read_digit_run(const uint8_t *p, uint64_t *value) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    // A byte is a digit when its high nibble is 3 and adding 6 keeps it so (0x30 ... 0x39).
    uint64_t not_digit = ((word & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull) |
                         (((word + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull);
    int count = not_digit == 0 ? 8 : __builtin_ctzll(not_digit) / 8;
    if (count == 0) { return 0; }
    // The digits, first one in the lowest byte; shifted up so that the bytes below them read as leading zeros.
    uint64_t digits = (word - 0x3030303030303030ull) << (8 * (8 - count));
    digits = digits * 10 + (digits >> 8);
    digits = (((digits & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
              (((digits >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
    *value = digits;
    return count;
}

/// Scans the number literal at s, reading no byte at or beyond end. `*stop` is set to the first byte after the
/// longest prefix that the grammar allows (the caller checks what follows it).
///
/// The value: the significant digits (up to 19, so they fit a uint64 exactly) and the power of ten they are scaled
/// by. When the digits fit a double's 53-bit significand and the power is within 10^±22, both are exact doubles
/// and one IEEE multiplication or division rounds the exact quotient correctly (Clinger 1990), which is what strtod
/// and simdjson give. The rest is left to an exact parser.
///
/// When `integer` is given it is filled for every literal that is not malformed, so that a caller keeping integers
/// exactly need not read the digits again.
SLIP_ALWAYS_INLINE NumberScan scan_number(const uint8_t *s, const uint8_t *end, double *out, const uint8_t **stop,
                                          IntegerLiteral *integer = nullptr) {
    const uint8_t *p = s;
    bool negative = false;
    if (p < end && *p == '-') {
        negative = true;
        ++p;
    }
    if (p >= end || !is_digit(*p)) {
        *stop = p;
        return NumberScan::malformed;
    }
    uint64_t mantissa = 0;
    int significant = 0;      // digits in the mantissa, leading zeros excluded
    int64_t scale = 0;        // power of ten of the mantissa's last digit, before the exponent
    bool dropped = false;     // a nonzero digit did not fit the mantissa
    if (*p == '0') {
        ++p;
        if (p < end && is_digit(*p)) {  // a leading zero followed by digits
            *stop = p;
            return NumberScan::malformed;
        }
    } else {
        // Runs of 8 digits in word operations while they cannot overflow the 19 significant digits.
        while (significant <= 11 && end - p >= 8) {
            uint64_t run = 0;
            int n = read_digit_run(p, &run);
            mantissa = mantissa * small_powers_of_ten[n] + run;
            significant += n;
            p += n;
            if (n < 8) { break; }
        }
        while (p < end && is_digit(*p)) {
            if (significant < 19) {
                mantissa = mantissa * 10 + uint64_t(*p - '0');
                ++significant;
            } else {
                ++scale;
                dropped |= *p != '0';
            }
            ++p;
        }
    }
    bool integral = true;
    if (p < end && *p == '.') {
        integral = false;
        ++p;
        if (p >= end || !is_digit(*p)) {
            *stop = p;
            return NumberScan::malformed;
        }
        // Leading zeros of the fraction count as significant here, which only sends 19-digit values to the
        // exact parser a little earlier.
        while (significant <= 11 && end - p >= 8) {
            uint64_t run = 0;
            int n = read_digit_run(p, &run);
            mantissa = mantissa * small_powers_of_ten[n] + run;
            significant += mantissa != 0 ? n : 0;
            scale -= n;
            p += n;
            if (n < 8) { break; }
        }
        while (p < end && is_digit(*p)) {
            if (significant < 19) {
                if (mantissa != 0 || *p != '0') {
                    mantissa = mantissa * 10 + uint64_t(*p - '0');
                    ++significant;
                }
                --scale;
            } else {
                dropped |= *p != '0';
            }
            ++p;
        }
    }
    int64_t exponent = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        integral = false;
        ++p;
        bool negative_exponent = false;
        if (p < end && (*p == '+' || *p == '-')) {
            negative_exponent = *p == '-';
            ++p;
        }
        if (p >= end || !is_digit(*p)) {
            *stop = p;
            return NumberScan::malformed;
        }
        while (p < end && is_digit(*p)) {
            if (exponent < 100000) { exponent = exponent * 10 + (*p - '0'); }
            ++p;
        }
        if (negative_exponent) { exponent = -exponent; }
    }
    *stop = p;
    if (integer != nullptr) {
        integer->integral = integral;
        integer->magnitude = mantissa;
    }
    if (mantissa == 0 && !dropped) {
        // simdjson reads an integer literal as an int64, so `-0` is +0 there; -0.0 and -0e1 keep their sign.
        *out = negative && !integral ? -0.0 : 0.0;
        return NumberScan::exact;
    }
    int64_t power = scale + exponent;
    if (dropped || mantissa > (uint64_t(1) << 53) || power < -22 || power > 22) { return NumberScan::slow; }
    double value = double(mantissa);
    value = power < 0 ? value / exact_powers_of_ten[-power] : value * exact_powers_of_ten[power];
    *out = negative ? -value : value;
    return NumberScan::exact;
}

} // namespace slip_json_text

#endif
