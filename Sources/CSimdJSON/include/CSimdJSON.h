#ifndef SLIPSTREAM_CSIMDJSON_H
#define SLIPSTREAM_CSIMDJSON_H

/*
 * A plain C interface over simdjson's On-Demand API (implemented in C++), so that Swift modules need no C++
 * interoperability.
 *
 * One call (slip_json_parse) parses one document whose root is an object (or an array) and fills a field table
 * owned by the parser: one entry per member (or element) of the root, with the value already decoded (numbers as
 * double and, when exact, as int64; strings as byte ranges, unescaped into a scratch buffer when they held escape
 * sequences). Nested objects and arrays are validated completely and reported as their raw bytes.
 *
 * Lifetime: every pointer in a slip_json_result stays valid until the next slip_json_parse on the same parser, or
 * until the parser is freed. A parser is not thread-safe: use one per thread.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Value kinds (slip_json_field.kind). */
enum {
    SLIP_JSON_NULL = 0,
    SLIP_JSON_FALSE = 1,
    SLIP_JSON_TRUE = 2,
    SLIP_JSON_NUMBER = 3,
    SLIP_JSON_STRING = 4,
    SLIP_JSON_OBJECT = 5,
    SLIP_JSON_ARRAY = 6,
};

/* Flags (slip_json_field.flags). */
enum {
    /* The key bytes are in the scratch buffer (the key held escape sequences); otherwise in the input. */
    SLIP_JSON_KEY_IN_SCRATCH = 1,
    /* The string value bytes are in the scratch buffer (the string held escape sequences); otherwise in the input. */
    SLIP_JSON_VALUE_IN_SCRATCH = 2,
    /* `integer` holds the number exactly (an integral value within the int64 range). */
    SLIP_JSON_EXACT_INTEGER = 4,
};

/* Error codes (slip_json_result.error). */
enum {
    SLIP_JSON_OK = 0,
    SLIP_JSON_ERROR_EMPTY,            /* no JSON value in the input */
    SLIP_JSON_ERROR_ROOT_KIND,        /* the root is not of the requested kind; root_kind says what it is */
    SLIP_JSON_ERROR_SYNTAX,           /* unexpected character or structure */
    SLIP_JSON_ERROR_TRUNCATED,        /* the document ends before its root is closed */
    SLIP_JSON_ERROR_TRAILING,         /* more content after the root value */
    SLIP_JSON_ERROR_UTF8,             /* the bytes are not valid UTF-8 */
    SLIP_JSON_ERROR_UNCLOSED_STRING,  /* a string has no closing quote */
    SLIP_JSON_ERROR_CONTROL_CHARACTER,/* an unescaped control character (U+0000..U+001F) inside a string */
    SLIP_JSON_ERROR_ESCAPE,           /* an invalid escape sequence (or a lone UTF-16 surrogate) */
    SLIP_JSON_ERROR_NUMBER,           /* a malformed number */
    SLIP_JSON_ERROR_NUMBER_RANGE,     /* a number outside the range of a double */
    SLIP_JSON_ERROR_LITERAL,          /* a malformed true / false / null */
    SLIP_JSON_ERROR_DEPTH,            /* nesting deeper than the parser's limit */
    SLIP_JSON_ERROR_TOO_LARGE,        /* the document is larger than the parser's size limit */
    SLIP_JSON_ERROR_MEMORY,           /* out of memory */
    SLIP_JSON_ERROR_INTERNAL,         /* any other failure reported by simdjson */
};

/* Root kinds accepted by slip_json_parse. */
enum {
    SLIP_JSON_ROOT_OBJECT = 0,
    SLIP_JSON_ROOT_ARRAY = 1,
};

/* One member of the root object (or one element of the root array). 40 bytes. */
typedef struct slip_json_field {
    /* Key bytes (unescaped, without quotes): in the input, or in the scratch buffer when flags has
       SLIP_JSON_KEY_IN_SCRATCH. Zero length for array elements. */
    uint32_t key_offset;
    uint32_t key_length;
    /* Value bytes: the string content (unescaped, without quotes) for strings, in the scratch buffer when flags has
       SLIP_JSON_VALUE_IN_SCRATCH; the raw JSON text for numbers, objects, arrays and literals, in the input. */
    uint32_t value_offset;
    uint32_t value_length;
    /* The number's value (nearest double) for numbers; 0 otherwise. */
    double number;
    /* The number's exact value when flags has SLIP_JSON_EXACT_INTEGER; 0 otherwise. */
    int64_t integer;
    uint8_t kind;
    uint8_t flags;
    uint8_t reserved[6];
} slip_json_field;

/* What one parse produced. */
typedef struct slip_json_result {
    const slip_json_field *fields;
    /* The parser's copy of the input (fields' offsets without the scratch flags point here). */
    const uint8_t *input;
    /* The unescaped strings. */
    const uint8_t *scratch;
    uint32_t count;
    int32_t error;
    /* Byte offset of the error in the input, or -1 when unknown. */
    int64_t error_offset;
    /* On SLIP_JSON_ERROR_ROOT_KIND: the kind of the root value. */
    int32_t root_kind;
    /* 1 when a key occurs more than once among the root's members. */
    int32_t duplicate_keys;
} slip_json_result;

typedef struct slip_json_parser slip_json_parser;

/* Creates a parser that accepts documents of up to max_bytes bytes nested up to max_depth levels.
   Returns NULL when out of memory. */
slip_json_parser *slip_json_parser_create(size_t max_bytes, uint32_t max_depth);

void slip_json_parser_free(slip_json_parser *parser);

/* Flat objects (members that are strings without escapes, numbers, true, false or null; keys without escapes) are
   read in one pass without simdjson, into the same table simdjson's walk would fill; any other document goes to the
   walk, which reports every error. enabled = 0 sends every document to the walk (for tests that compare the two);
   the default is 1. */
void slip_json_parser_set_flat_path(slip_json_parser *parser, int32_t enabled);

/* Parses length bytes at bytes (copied into the parser's padded buffer first, so bytes needs no padding and may be
   released after the call). root is SLIP_JSON_ROOT_OBJECT or SLIP_JSON_ROOT_ARRAY. Returns result->error. */
int32_t slip_json_parse(slip_json_parser *parser, const void *bytes, size_t length, int32_t root,
                        slip_json_result *result);

/* Parses one JSON number literal (the whole of the length bytes, no whitespace) into the nearest double, exactly as
   slip_json_parse reads numbers: plain decimals of up to 19 significant digits on a fast path, longer ones exactly
   rounded, underflow to a signed zero. Returns SLIP_JSON_OK, SLIP_JSON_ERROR_NUMBER (not a JSON number: NaN,
   Infinity, 01, 1., +1, ...) or SLIP_JSON_ERROR_NUMBER_RANGE (beyond the range of a double). */
int32_t slip_json_parse_number(const void *bytes, size_t length, double *out);

/*
 * The flat-record scanner: reads chosen members of flat JSON objects (the usual shape of a JSON Lines event) in one
 * pass over the bytes, without simdjson and without a field table.
 *
 * It reads only a strict subset of JSON: an object whose keys are strings without escapes and whose values are
 * numbers that fit a double, strings without escapes (valid UTF-8, no control characters), true, false or null.
 * Everything in that subset is valid JSON and yields exactly the values slip_json_parse gives (the same doubles,
 * bit for bit, and the same value bytes). Anything else (nested objects or arrays, escapes, invalid JSON) makes
 * slip_flat_scan return 0 without judging the document: parse it with slip_json_parse, which validates it and
 * says what is wrong.
 *
 * Keys are matched by position: the scanner remembers the key it met at each position of the previous document
 * and which wanted member it was, so when the layout repeats, a key costs one comparison of its bytes.
 */

/* A value kind of slip_flat_value: the wanted member is not in the document. */
enum { SLIP_FLAT_MISSING = 255 };

/* One wanted member of the last scanned document. 24 bytes. */
typedef struct slip_flat_value {
    /* The number's value for SLIP_JSON_NUMBER; 0 otherwise. */
    double number;
    /* Value bytes in the scanned input: the string content without quotes for strings, the literal's text for
       numbers, true, false and null. */
    uint32_t value_offset;
    uint32_t value_length;
    /* SLIP_JSON_NULL, _FALSE, _TRUE, _NUMBER, _STRING, or SLIP_FLAT_MISSING. */
    uint8_t kind;
    uint8_t reserved[7];
} slip_flat_value;

typedef struct slip_flat_scanner slip_flat_scanner;

/* Creates a scanner for count wanted members, named by the lengths[k] bytes at names + offsets[k]. A name wanted
   twice is read into both slots. Returns NULL when out of memory. */
slip_flat_scanner *slip_flat_scanner_create(const uint8_t *names, const uint32_t *offsets, const uint32_t *lengths,
                                            uint32_t count);

void slip_flat_scanner_free(slip_flat_scanner *scanner);

/* The scanner's values, one per wanted member in the order given at creation: written by each slip_flat_scan
   (the first occurrence of a key that occurs twice). The pointer stays valid until the scanner is freed. */
const slip_flat_value *slip_flat_scanner_values(const slip_flat_scanner *scanner);

/* Scans length bytes at bytes (no padding needed; nothing is read outside them). Returns 1 when the document is
   in the scanner's subset (its values are then in slip_flat_scanner_values), 0 otherwise. Documents over 4 GiB
   are not scanned. */
int32_t slip_flat_scan(slip_flat_scanner *scanner, const void *bytes, size_t length);

#ifdef __cplusplus
}
#endif
#endif
