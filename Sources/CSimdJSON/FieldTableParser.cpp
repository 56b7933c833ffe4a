// The field-table parser behind CSimdJSON.h: simdjson On-Demand walks one document and writes one slip_json_field
// per member of its root, so that Swift crosses into C once per document rather than once per field.

// simdjson turns its internal invariants into assert() calls unless NDEBUG is defined, and the package manager does
// not define it for optimized C++ builds: those checks cost a tenth of the parse. Optimized builds drop them, as
// simdjson itself drops its development checks when __OPTIMIZE__ is set; debug builds keep them.
#if defined(__OPTIMIZE__) && !defined(NDEBUG)
#define NDEBUG 1
#endif

#include "CSimdJSON.h"
#include "FlatObjectParser.h"
#include "JSONText.h"

#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <utility>
#include <new>
#include <string_view>
#include <vector>

using namespace simdjson;
using namespace slip_json_text;

struct slip_json_parser {
    ondemand::parser parser;
    // The padded copy of the input: simdjson reads up to SIMDJSON_PADDING bytes past the end of a document, which a
    // Kafka payload or a line in a read buffer cannot promise. Copying a few hundred bytes costs less than a cache
    // miss, and it makes every view into the document independent of the caller's buffer.
    std::unique_ptr<uint8_t[]> input;
    size_t input_capacity = 0;
    std::vector<slip_json_field> fields;
    std::vector<uint8_t> scratch;
    size_t max_bytes;
    uint32_t max_depth;
    /// Whether flat objects take the one-pass path (FlatObjectParser.cpp) before simdjson.
    bool flat_path = true;

    slip_json_parser(size_t max_bytes, uint32_t max_depth)
        : parser(max_bytes), max_bytes(max_bytes), max_depth(max_depth) {}
};

namespace {

constexpr double two_to_63 = 9223372036854775808.0;
constexpr size_t initial_capacity = 4096;

/// The state of one parse: where errors are recorded and what the walk needs to reach.
struct Walk {
    slip_json_parser &p;
    ondemand::document &doc;
    const uint8_t *base;
    size_t length;
    int32_t error = SLIP_JSON_OK;
    const uint8_t *error_at = nullptr;

    bool fail(int32_t code, const void *at) {
        if (error == SLIP_JSON_OK) {
            error = code;
            error_at = static_cast<const uint8_t *>(at);
        }
        return false;
    }

    /// Records a simdjson error at the iterator's position.
    bool fail(error_code e);

    const uint8_t *end() const { return base + length; }
};

int32_t map_error(error_code e) {
    switch (e) {
    case TAPE_ERROR: return SLIP_JSON_ERROR_SYNTAX;
    case INCORRECT_TYPE: return SLIP_JSON_ERROR_SYNTAX;
    case INCOMPLETE_ARRAY_OR_OBJECT: return SLIP_JSON_ERROR_TRUNCATED;
    case DEPTH_ERROR: return SLIP_JSON_ERROR_DEPTH;
    case STRING_ERROR: return SLIP_JSON_ERROR_ESCAPE;
    case T_ATOM_ERROR:
    case F_ATOM_ERROR:
    case N_ATOM_ERROR: return SLIP_JSON_ERROR_LITERAL;
    case NUMBER_ERROR: return SLIP_JSON_ERROR_NUMBER;
    case NUMBER_OUT_OF_RANGE: return SLIP_JSON_ERROR_NUMBER_RANGE;
    case UTF8_ERROR: return SLIP_JSON_ERROR_UTF8;
    case EMPTY: return SLIP_JSON_ERROR_EMPTY;
    case UNESCAPED_CHARS: return SLIP_JSON_ERROR_CONTROL_CHARACTER;
    case UNCLOSED_STRING: return SLIP_JSON_ERROR_UNCLOSED_STRING;
    case CAPACITY: return SLIP_JSON_ERROR_TOO_LARGE;
    case MEMALLOC: return SLIP_JSON_ERROR_MEMORY;
    case TRAILING_CONTENT: return SLIP_JSON_ERROR_TRAILING;
    default: return SLIP_JSON_ERROR_INTERNAL;
    }
}

bool Walk::fail(error_code e) {
    const char *at = nullptr;
    if (doc.current_location().get(at) != SUCCESS) { at = nullptr; }
    const uint8_t *p8 = reinterpret_cast<const uint8_t *>(at);
    if (p8 != nullptr && (p8 < base || p8 > end())) { p8 = nullptr; }
    return fail(map_error(e), p8);
}

/// Finds the end of the string whose content starts at s (just after the opening quote), rejecting raw control
/// characters, which simdjson's On-Demand front end lets through.
bool scan_string(Walk &w, const uint8_t *s, size_t *length, bool *escaped) {
    const uint8_t *end = w.end();
    const uint8_t *q = s;
    bool esc = false;
    while (q < end) {
        uint8_t c = *q;
        if (c == '"') {
            *length = size_t(q - s);
            *escaped = esc;
            return true;
        }
        if (c == '\\') {
            esc = true;
            q += 2;
            continue;
        }
        if (c < 0x20) { return w.fail(SLIP_JSON_ERROR_CONTROL_CHARACTER, q); }
        ++q;
    }
    return w.fail(SLIP_JSON_ERROR_UNCLOSED_STRING, s - 1);
}

/// The length of the string token [start, end) (which begins with its opening quote and may end with whitespace) and
/// whether it holds escapes. simdjson's first stage has already matched the quotes and rejected raw control
/// characters, so the closing quote is the token's last non-space byte.
bool string_extent(Walk &w, const uint8_t *start, const uint8_t *end, size_t *length, bool *escaped) {
    size_t n = trimmed_length(start, end);
    if (n < 2 || start[n - 1] != '"') { return scan_string(w, start + 1, length, escaped); }
    *length = n - 2;
    *escaped = std::memchr(start + 1, '\\', n - 2) != nullptr;
    return true;
}

/// Appends an unescaped string to the scratch buffer after checking that the escapes produced valid UTF-8 (simdjson
/// lets a lone low surrogate through as an encoded surrogate).
bool store_unescaped(Walk &w, std::string_view text, const uint8_t *token, uint32_t *offset) {
    const uint8_t *bytes = reinterpret_cast<const uint8_t *>(text.data());
    if (first_invalid_utf8(bytes, text.size()) >= 0) { return w.fail(SLIP_JSON_ERROR_ESCAPE, token); }
    *offset = uint32_t(w.p.scratch.size());
    w.p.scratch.insert(w.p.scratch.end(), bytes, bytes + text.size());
    return true;
}

bool validate_value(Walk &w, ondemand::value &v, uint32_t depth);

/// Checks that the structural character after a value is a comma or the enclosing container's closer. The scalars
/// this walk reads are left for simdjson to skip, and its skipping tolerates stray tokens (`{"a":"b":1}`), so the
/// walk checks the separator itself.
inline bool check_separator(Walk &w, const uint8_t *next, uint8_t closer) {
    if (next < w.end() && (*next == ',' || *next == closer)) { return true; }
    return w.fail(SLIP_JSON_ERROR_SYNTAX, next);
}

/// Reads one scalar or container value into f (when f is null, only validates it); closer is the enclosing
/// container's closing bracket.
bool read_value(Walk &w, ondemand::value &v, uint32_t depth, slip_json_field *f, uint8_t closer) {
    ondemand::json_type type;
    std::string_view token = v.raw_json_token();
    const uint8_t *start = reinterpret_cast<const uint8_t *>(token.data());
    if (auto e = v.type().get(type)) { return w.fail(e); }
    if (type != ondemand::json_type::object && type != ondemand::json_type::array) {
        // The token runs up to the next structural character.
        if (!check_separator(w, start + token.size(), closer)) { return false; }
    }
    switch (type) {
    case ondemand::json_type::object:
    case ondemand::json_type::array: {
        if (depth + 1 > w.p.max_depth) { return w.fail(SLIP_JSON_ERROR_DEPTH, start); }
        if (!validate_value(w, v, depth + 1)) { return false; }
        // After the walk the iterator sits on the token that follows the container.
        const char *after = nullptr;
        if (w.doc.current_location().get(after) != SUCCESS) { after = reinterpret_cast<const char *>(w.end()); }
        const uint8_t *stop = reinterpret_cast<const uint8_t *>(after);
        if (stop < start || stop > w.end()) { stop = w.end(); }
        if (!check_separator(w, stop, closer)) { return false; }
        if (f == nullptr) { return true; }
        f->kind = type == ondemand::json_type::object ? SLIP_JSON_OBJECT : SLIP_JSON_ARRAY;
        f->value_offset = uint32_t(start - w.base);
        f->value_length = uint32_t(trimmed_length(start, stop));
        return true;
    }
    case ondemand::json_type::string: {
        size_t len = 0;
        bool escaped = false;
        if (!string_extent(w, start, start + token.size(), &len, &escaped)) { return false; }
        if (!escaped) {
            if (f != nullptr) {
                f->kind = SLIP_JSON_STRING;
                f->value_offset = uint32_t(start + 1 - w.base);
                f->value_length = uint32_t(len);
            }
            return true;
        }
        std::string_view text;
        if (auto e = v.get_string().get(text)) { return w.fail(map_error(e), start); }
        uint32_t offset = 0;
        if (f == nullptr) {
            if (first_invalid_utf8(reinterpret_cast<const uint8_t *>(text.data()), text.size()) >= 0) {
                return w.fail(SLIP_JSON_ERROR_ESCAPE, start);
            }
            return true;
        }
        if (!store_unescaped(w, text, start, &offset)) { return false; }
        f->kind = SLIP_JSON_STRING;
        f->flags |= SLIP_JSON_VALUE_IN_SCRATCH;
        f->value_offset = offset;
        f->value_length = uint32_t(text.size());
        return true;
    }
    case ondemand::json_type::number: {
        double d = 0;
        int64_t i = 0;
        bool exact = false;
        size_t n = trimmed_length(start, start + token.size());
        ondemand::number number;
        if (n > 19 && !is_plain_integer(start, n)) {
            // simdjson 3.0.1 misparses decimals of more than 19 significant digits (0.333…3 with 20 digits reads as
            // 0.1488…); they are rare in events, so the C++ library's exact parser takes them.
            if (!is_json_number(start, n)) { return w.fail(SLIP_JSON_ERROR_NUMBER, start); }
            int32_t code = parse_long_number(start, n, &d);
            if (code != SLIP_JSON_OK) { return w.fail(code, start); }
        } else if (v.get_number().get(number) == SUCCESS) {
            switch (number.get_number_type()) {
            case ondemand::number_type::signed_integer:
                i = number.get_int64();
                d = double(i);
                exact = true;
                break;
            case ondemand::number_type::unsigned_integer:
                // Above INT64_MAX: the raw token keeps the exact value for callers that want a UInt64.
                d = double(number.get_uint64());
                break;
            default:
                d = number.get_double();
                break;
            }
        } else {
            // Integers beyond 64 bits are not parsed by get_number; what else fails is malformed or out of range.
            if (!is_json_number(start, n)) { return w.fail(SLIP_JSON_ERROR_NUMBER, start); }
            int32_t code = parse_long_number(start, n, &d);
            if (code != SLIP_JSON_OK) { return w.fail(code, start); }
        }
        if (!std::isfinite(d)) { return w.fail(SLIP_JSON_ERROR_NUMBER_RANGE, start); }
        // A fraction or exponent that still denotes an integer (3.0, 1e3, 6.18e+18) is exact only if the literal is:
        // the double of 1.0000000000000000001 is integral, the number is not.
        if (!exact && d == std::floor(d) && d >= -two_to_63 && d < two_to_63) {
            exact = exact_integer_literal(start, n, &i);
        }
        if (f != nullptr) {
            f->kind = SLIP_JSON_NUMBER;
            f->number = d;
            f->integer = exact ? i : 0;
            if (exact) { f->flags |= SLIP_JSON_EXACT_INTEGER; }
            f->value_offset = uint32_t(start - w.base);
            f->value_length = uint32_t(trimmed_length(start, start + token.size()));
        }
        return true;
    }
    case ondemand::json_type::boolean: {
        bool b = false;
        if (v.get_bool().get(b) != SUCCESS) { return w.fail(SLIP_JSON_ERROR_LITERAL, start); }
        if (f != nullptr) {
            f->kind = b ? SLIP_JSON_TRUE : SLIP_JSON_FALSE;
            f->value_offset = uint32_t(start - w.base);
            f->value_length = b ? 4 : 5;
        }
        return true;
    }
    case ondemand::json_type::null: {
        bool is_null = false;
        if (v.is_null().get(is_null) != SUCCESS) { return w.fail(SLIP_JSON_ERROR_LITERAL, start); }
        if (!is_null) { return w.fail(SLIP_JSON_ERROR_LITERAL, start); }
        if (f != nullptr) {
            f->kind = SLIP_JSON_NULL;
            f->value_offset = uint32_t(start - w.base);
            f->value_length = 4;
        }
        return true;
    }
    }
    return w.fail(SLIP_JSON_ERROR_SYNTAX, start);
}

/// Reads a key whose content starts at raw (just after its opening quote) into f (or only validates it).
bool read_key(Walk &w, ondemand::field &field, slip_json_field *f) {
    const uint8_t *raw = reinterpret_cast<const uint8_t *>(field.key().raw());
    // The key's closing quote is the last byte before the colon that precedes the value.
    const uint8_t *q = reinterpret_cast<const uint8_t *>(field.value().raw_json_token().data());
    while (q > raw && is_space(q[-1])) { --q; }
    if (q > raw && q[-1] == ':') { --q; }
    while (q > raw && is_space(q[-1])) { --q; }
    size_t len = 0;
    bool escaped = false;
    if (q > raw && q[-1] == '"') {
        len = size_t(q - 1 - raw);
        escaped = std::memchr(raw, '\\', len) != nullptr;
    } else if (!scan_string(w, raw, &len, &escaped)) {
        return false;
    }
    if (!escaped) {
        if (f != nullptr) {
            f->key_offset = uint32_t(raw - w.base);
            f->key_length = uint32_t(len);
        }
        return true;
    }
    std::string_view text;
    if (auto e = field.unescaped_key().get(text)) { return w.fail(map_error(e), raw - 1); }
    if (f == nullptr) {
        if (first_invalid_utf8(reinterpret_cast<const uint8_t *>(text.data()), text.size()) >= 0) {
            return w.fail(SLIP_JSON_ERROR_ESCAPE, raw - 1);
        }
        return true;
    }
    uint32_t offset = 0;
    if (!store_unescaped(w, text, raw - 1, &offset)) { return false; }
    f->flags |= SLIP_JSON_KEY_IN_SCRATCH;
    f->key_offset = offset;
    f->key_length = uint32_t(text.size());
    return true;
}

/// Walks a nested container completely so that a document is accepted only when all of it is valid JSON.
bool validate_value(Walk &w, ondemand::value &v, uint32_t depth) {
    ondemand::json_type type;
    if (auto e = v.type().get(type)) { return w.fail(e); }
    if (type == ondemand::json_type::object) {
        ondemand::object object;
        if (auto e = v.get_object().get(object)) { return w.fail(e); }
        for (auto member : object) {
            ondemand::field field;
            if (auto e = std::move(member).get(field)) { return w.fail(e); }
            if (!read_key(w, field, nullptr)) { return false; }
            if (!read_value(w, field.value(), depth, nullptr, '}')) { return false; }
        }
        return true;
    }
    ondemand::array array;
    if (auto e = v.get_array().get(array)) { return w.fail(e); }
    for (auto element : array) {
        ondemand::value value;
        if (auto e = std::move(element).get(value)) { return w.fail(e); }
        if (!read_value(w, value, depth, nullptr, ']')) { return false; }
    }
    return true;
}

bool walk_root(Walk &w, int32_t root, int32_t *root_kind) {
    ondemand::json_type type;
    if (auto e = w.doc.type().get(type)) { return w.fail(e); }
    bool wants_object = root == SLIP_JSON_ROOT_OBJECT;
    if (type != (wants_object ? ondemand::json_type::object : ondemand::json_type::array)) {
        switch (type) {
        case ondemand::json_type::object: *root_kind = SLIP_JSON_OBJECT; break;
        case ondemand::json_type::array: *root_kind = SLIP_JSON_ARRAY; break;
        case ondemand::json_type::string: *root_kind = SLIP_JSON_STRING; break;
        case ondemand::json_type::number: *root_kind = SLIP_JSON_NUMBER; break;
        case ondemand::json_type::boolean: *root_kind = SLIP_JSON_TRUE; break;
        case ondemand::json_type::null: *root_kind = SLIP_JSON_NULL; break;
        }
        return w.fail(SLIP_JSON_ERROR_ROOT_KIND, nullptr);
    }
    if (wants_object) {
        ondemand::object object;
        if (auto e = w.doc.get_object().get(object)) { return w.fail(e); }
        for (auto member : object) {
            ondemand::field field;
            if (auto e = std::move(member).get(field)) { return w.fail(e); }
            w.p.fields.emplace_back();
            slip_json_field *f = &w.p.fields.back();
            if (!read_key(w, field, f)) { return false; }
            if (!read_value(w, field.value(), 1, f, '}')) { return false; }
        }
    } else {
        ondemand::array array;
        if (auto e = w.doc.get_array().get(array)) { return w.fail(e); }
        for (auto element : array) {
            ondemand::value value;
            if (auto e = std::move(element).get(value)) { return w.fail(e); }
            w.p.fields.emplace_back();
            if (!read_value(w, value, 1, &w.p.fields.back(), ']')) { return false; }
        }
    }
    // Once the root is closed the iterator is out of bounds unless something follows it.
    const char *after = nullptr;
    if (w.doc.current_location().get(after) == SUCCESS) { return w.fail(SLIP_JSON_ERROR_TRAILING, after); }
    return true;
}

/// Whether two of the root's members share a key. Decoders that remember where keys were found must then fall back
/// to first-occurrence lookups.
bool has_duplicate_keys(const slip_json_parser &p, const uint8_t *input) {
    auto key = [&](size_t i, uint32_t *length) {
        const slip_json_field &f = p.fields[i];
        *length = f.key_length;
        return (f.flags & SLIP_JSON_KEY_IN_SCRATCH ? p.scratch.data() : input) + f.key_offset;
    };
    SeenKeys seen;
    for (size_t i = 0; i < p.fields.size(); ++i) {
        uint32_t length = 0;
        const uint8_t *k = key(i, &length);
        if (seen.repeats(k, length, i, key)) { return true; }
    }
    return false;
}

/// Tells a truncated document from one whose root is followed by more content, which simdjson reports alike.
void explain_unbalanced(const uint8_t *input, size_t length, slip_json_result *result) {
    int64_t end = root_end(input, length);
    if (end < 0) {
        // A syntax error found at the very end is the end itself.
        if (result->error == SLIP_JSON_ERROR_TRUNCATED || result->error_offset < 0 ||
            result->error_offset >= int64_t(length)) {
            result->error = SLIP_JSON_ERROR_TRUNCATED;
            result->error_offset = int64_t(length);
        }
        return;
    }
    size_t i = size_t(end);
    while (i < length && is_space(input[i])) { ++i; }
    if (i < length) {
        result->error = SLIP_JSON_ERROR_TRAILING;
        result->error_offset = int64_t(i);
    }
}

/// simdjson keeps buffers sized for the largest document parsed (about 8 bytes per input byte). One large line
/// must not pin hundreds of megabytes for the rest of a stream of small events: when a small document follows a
/// large one, the buffers go back to their initial size.
void release_after_large_document(slip_json_parser &p, size_t length) {
    constexpr size_t large = size_t(1) << 20;
    if (p.parser.capacity() <= large || length >= large / 16) { return; }
    if (p.parser.allocate(initial_capacity, size_t(p.max_depth) + 1) != SUCCESS) { return; }
    p.input.reset();
    p.input_capacity = 0;
    p.fields = std::vector<slip_json_field>();
    p.fields.reserve(32);
    p.scratch = std::vector<uint8_t>();
}

} // namespace

extern "C" slip_json_parser *slip_json_parser_create(size_t max_bytes, uint32_t max_depth) {
    try {
        if (max_bytes > SIMDJSON_MAXSIZE_BYTES) { max_bytes = SIMDJSON_MAXSIZE_BYTES; }
        if (max_depth < 1) { max_depth = 1; }
        auto *p = new slip_json_parser(max_bytes, max_depth);
        // simdjson counts the root as one level; our limit counts levels below it.
        if (p->parser.allocate(initial_capacity < max_bytes ? initial_capacity : max_bytes, size_t(max_depth) + 1) != SUCCESS) {
            delete p;
            return nullptr;
        }
        p->fields.reserve(32);
        p->scratch.reserve(256);
        return p;
    } catch (...) {
        return nullptr;
    }
}

extern "C" void slip_json_parser_free(slip_json_parser *parser) { delete parser; }

extern "C" void slip_json_parser_set_flat_path(slip_json_parser *parser, int32_t enabled) {
    parser->flat_path = enabled != 0;
}

extern "C" int32_t slip_json_parse(slip_json_parser *p, const void *bytes, size_t length, int32_t root,
                                   slip_json_result *result) {
    *result = slip_json_result{nullptr, nullptr, nullptr, 0, SLIP_JSON_OK, -1, 0, 0};
    try {
        release_after_large_document(*p, length);
        p->fields.clear();
        p->scratch.clear();
        if (length > p->max_bytes) {
            result->error = SLIP_JSON_ERROR_TOO_LARGE;
            return result->error;
        }
        size_t needed = length + SIMDJSON_PADDING;
        if (p->input_capacity < needed) {
            size_t capacity = needed < 256 ? 256 : needed + needed / 2;
            p->input.reset(new uint8_t[capacity]);
            p->input_capacity = capacity;
        }
        uint8_t *input = p->input.get();
        if (length > 0) { std::memcpy(input, bytes, length); }
        std::memset(input + length, 0, SIMDJSON_PADDING);
        result->input = input;

        if (root == SLIP_JSON_ROOT_OBJECT && p->flat_path) {
            bool duplicates = false;
            if (parse_flat_object(input, length, p->fields, &duplicates)) {
                result->fields = p->fields.data();
                result->scratch = p->scratch.data();
                result->count = uint32_t(p->fields.size());
                result->duplicate_keys = duplicates ? 1 : 0;
                return SLIP_JSON_OK;
            }
            p->fields.clear();
        }

        ondemand::document doc;
        error_code e = p->parser.iterate(input, length, needed).get(doc);
        if (e != SUCCESS) {
            result->error = map_error(e);
            if (e == UTF8_ERROR) {
                result->error_offset = first_invalid_utf8(input, length);
            } else if (e == UNCLOSED_STRING) {
                result->error_offset = unclosed_string_start(input, length);
            } else if (e == UNESCAPED_CHARS) {
                result->error_offset = first_control_in_string(input, length);
            }
            return result->error;
        }
        Walk w{*p, doc, input, length};
        if (!walk_root(w, root, &result->root_kind)) {
            result->error = w.error;
            result->error_offset = w.error_at != nullptr ? int64_t(w.error_at - input) : -1;
            if (w.error == SLIP_JSON_ERROR_TRUNCATED || w.error == SLIP_JSON_ERROR_SYNTAX) {
                explain_unbalanced(input, length, result);
            }
            return result->error;
        }
        result->fields = p->fields.data();
        result->scratch = p->scratch.data();
        result->count = uint32_t(p->fields.size());
        result->duplicate_keys = root == SLIP_JSON_ROOT_OBJECT && has_duplicate_keys(*p, input) ? 1 : 0;
        return SLIP_JSON_OK;
    } catch (...) {
        result->error = SLIP_JSON_ERROR_MEMORY;
        return result->error;
    }
}
