// Byte-level helpers of the field-table parser that need no simdjson: number literals (grammar, exactness, long
// decimals), locating errors in a document that simdjson rejected, and plain-string scanning for the one-pass readers.

#ifndef SLIPSTREAM_JSON_TEXT_H
#define SLIPSTREAM_JSON_TEXT_H

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace slip_json_text {

inline bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// The first non-space byte at or after p. Compact JSON has no whitespace: one comparison decides that (every
/// JSON space is below '!').
inline const uint8_t *skip_space(const uint8_t *p, const uint8_t *end) {
    if (p < end && *p > ' ') { return p; }
    while (p < end && is_space(*p)) { ++p; }
    return p;
}

/// Length of the token at start once the whitespace simdjson keeps after it is dropped.
inline size_t trimmed_length(const uint8_t *start, const uint8_t *end) {
    while (end > start && is_space(end[-1])) { --end; }
    return size_t(end - start);
}

/// A 6-bit signature of a key (its length, first and last byte): equal keys share it, so keys whose signatures all
/// differ are distinct. Duplicate-key checks compare keys exactly only when two signatures agree.
inline unsigned key_signature(const uint8_t *key, uint32_t length) {
    return length == 0 ? 0 : (length * 7u + key[0] * 3u + key[length - 1]) & 63u;
}

/// The keys of one object met so far, as one bit per key_signature: tells whether the next key repeats one of them,
/// comparing bytes only with the earlier keys when two signatures agree.
struct SeenKeys {
    uint64_t signatures = 0;

    /// Whether the key of `length` bytes at `key` equals one of the `count` keys met before it, and records it;
    /// `key_at(j, &length)` gives the bytes of earlier key j.
    template <typename KeyAt> bool repeats(const uint8_t *key, uint32_t length, size_t count, KeyAt key_at) {
        unsigned signature = key_signature(key, length);
        bool collides = (signatures >> signature) & 1u;
        signatures |= uint64_t(1) << signature;
        if (!collides) { return false; }
        for (size_t j = 0; j < count; ++j) {
            uint32_t other_length = 0;
            const uint8_t *other = key_at(j, &other_length);
            if (other_length == length && std::memcmp(other, key, length) == 0) { return true; }
        }
        return false;
    }
};

// Number literals (NumberLiterals.cpp).

/// Whether the n bytes at s follow JSON's number grammar (used to tell "malformed" from "too large").
bool is_json_number(const uint8_t *s, size_t n);

/// Whether the n bytes at s are an integer literal (no fraction, no exponent) of at most 20 digits, which simdjson
/// parses exactly.
bool is_plain_integer(const uint8_t *s, size_t n);

/// The exact value of a number literal with a fraction or exponent (already checked against the grammar) when it is an
/// integer within the int64 range.
bool exact_integer_literal(const uint8_t *s, size_t n, int64_t *out);

/// Parses a JSON number (already checked against the grammar) exactly rounded; returns a SLIP_JSON_ error code.
int32_t parse_long_number(const uint8_t *s, size_t n, double *out);

// Error locations (ErrorLocation.cpp): used only after simdjson has rejected a document.

/// Offset of the first byte that breaks UTF-8 (overlongs, surrogates and values above U+10FFFF included), or -1.
int64_t first_invalid_utf8(const uint8_t *s, size_t n);

/// Offset of the opening quote of a string that is never closed, or -1.
int64_t unclosed_string_start(const uint8_t *s, size_t n);

/// Offset of the first raw control character inside a string, or -1.
int64_t first_control_in_string(const uint8_t *s, size_t n);

/// Where the root value starting at the first non-space byte ends (just after its closing bracket), or -1.
int64_t root_end(const uint8_t *s, size_t n);

// Plain strings, for the one-pass readers of flat documents (FlatObjectParser.cpp, FlatRecordScanner.cpp).

/// Byte classes inside a string: 0 plain ASCII, 1 the closing quote, 2 a backslash or a control character (the
/// one-pass readers decline those), 3 a byte of a multi-byte UTF-8 sequence or a stray byte (validated once the
/// string ends).
struct StringClasses {
    uint8_t of[256];
    constexpr StringClasses() : of{} {
        for (int c = 0; c < 256; ++c) {
            of[c] = c == '"' ? 1 : (c == '\\' || c < 0x20) ? 2 : c >= 0x80 ? 3 : 0;
        }
    }
};
inline constexpr StringClasses string_classes;

/// Finds the closing quote of the string whose content starts at p; false for escapes, control characters, invalid
/// UTF-8 or no closing quote.
///
/// Sixteen bytes at a time while that many remain before end (SSE2), then byte by byte: nearly every key and string
/// of an event is decided by one or two vector compares instead of a loop over its bytes.
inline bool scan_plain_string(const uint8_t *p, const uint8_t *end, const uint8_t **close) {
    const uint8_t *start = p;
    bool wide = false;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i last_control = _mm_set1_epi8(0x1F);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        unsigned quotes = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
        // A byte at most 0x1F (unsigned) is its own minimum with 0x1F.
        __m128i declined = _mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmpeq_epi8(_mm_min_epu8(v, last_control), v));
        unsigned stops = unsigned(_mm_movemask_epi8(declined));
        unsigned high = unsigned(_mm_movemask_epi8(v));
        if (quotes != 0) {
            unsigned before = (quotes & (0u - quotes)) - 1;
            if ((stops & before) != 0) { return false; }
            wide |= (high & before) != 0;
            p += __builtin_ctz(quotes);
            if (wide && first_invalid_utf8(start, size_t(p - start)) >= 0) { return false; }
            *close = p;
            return true;
        }
        if (stops != 0) { return false; }
        wide |= high != 0;
        p += 16;
    }
#endif
    while (p < end) {
        uint8_t c = string_classes.of[*p];
        if (c == 0) {
            ++p;
            continue;
        }
        if (c == 1) {
            if (wide && first_invalid_utf8(start, size_t(p - start)) >= 0) { return false; }
            *close = p;
            return true;
        }
        if (c == 2) { return false; }
        wide = true;
        ++p;
    }
    return false;
}

} // namespace slip_json_text

#endif
