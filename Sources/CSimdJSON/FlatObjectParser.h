// The one-pass fast path of slip_json_parse for flat objects (FlatObjectParser.cpp).

#ifndef SLIPSTREAM_FLAT_OBJECT_PARSER_H
#define SLIPSTREAM_FLAT_OBJECT_PARSER_H

#include "CSimdJSON.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace slip_json_text {

/// Fills `fields` with one entry per member of the flat object in the length bytes at input, exactly as the simdjson
/// walk would (same kinds, flags, offsets, doubles and integers), and returns true; or returns false, leaving
/// `fields` to be cleared, when the document is anything else: not an object, a nested value, an escape sequence,
/// an integer of more than 18 digits, or not valid JSON. Declining says nothing about validity: the simdjson walk
/// then parses the document and reports its errors, so every error comes from one parser.
///
/// `*duplicate_keys` tells whether two of the object's keys are equal.
bool parse_flat_object(const uint8_t *input, size_t length, std::vector<slip_json_field> &fields,
                       bool *duplicate_keys);

} // namespace slip_json_text

#endif
