// Locating errors in documents simdjson rejected without saying where: its first stage reports invalid UTF-8, an
// unclosed string or a raw control character for the whole input, and an incomplete object for both a truncated
// document and one followed by more brackets.

#include "JSONText.h"

namespace slip_json_text {

/// Offset of the first byte that breaks UTF-8 (overlongs, surrogates and values above U+10FFFF included), or -1.
int64_t first_invalid_utf8(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c < 0x80) { ++i; continue; }
        size_t len;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else { return int64_t(i); }
        if (i + len > n) { return int64_t(i); }
        for (size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) { return int64_t(i); }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return int64_t(i);
        }
        i += len;
    }
    return -1;
}

/// Offset of the opening quote of a string that is never closed, or -1.
int64_t unclosed_string_start(const uint8_t *s, size_t n) {
    int64_t open = -1;
    for (size_t i = 0; i < n; ++i) {
        if (open < 0) {
            if (s[i] == '"') { open = int64_t(i); }
        } else if (s[i] == '\\') {
            ++i;
        } else if (s[i] == '"') {
            open = -1;
        }
    }
    return open;
}

/// Where the root value starting at the first non-space byte ends (just after its closing bracket), or -1 when it
/// never closes. Used only to explain an error: simdjson reports both a truncated document and a root followed by
/// more brackets as an incomplete object.
int64_t root_end(const uint8_t *s, size_t n) {
    int64_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; ++i) {
        uint8_t c = s[i];
        if (in_string) {
            if (c == '\\') { ++i; } else if (c == '"') { in_string = false; }
            continue;
        }
        if (c == '"') { in_string = true; }
        else if (c == '{' || c == '[') { ++depth; }
        else if (c == '}' || c == ']') {
            if (--depth == 0) { return int64_t(i + 1); }
        }
    }
    return -1;
}

/// Offset of the first raw control character inside a string, or -1.
int64_t first_control_in_string(const uint8_t *s, size_t n) {
    bool in_string = false;
    for (size_t i = 0; i < n; ++i) {
        uint8_t c = s[i];
        if (in_string) {
            if (c == '\\') { ++i; } else if (c == '"') { in_string = false; } else if (c < 0x20) { return int64_t(i); }
        } else if (c == '"') {
            in_string = true;
        }
    }
    return -1;
}

} // namespace slip_json_text
