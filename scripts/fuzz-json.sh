#!/usr/bin/env bash
# Coverage-guided fuzzing of the JSON field-table parser (Sources/CSimdJSON) with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer.
#
#   scripts/fuzz-json.sh [seconds]        (default 300)
#
# Every input is parsed as an object and as an array. The harness checks that every offset the parser reports lies
# inside its buffers, that every string it reports is valid UTF-8, and that it accepts exactly the documents simdjson's
# fully validating DOM parser accepts, apart from the documented differences (depth limit, lone surrogates, raw
# control characters, integers beyond 64 bits). Findings land in .build/fuzz-json/ (crash-* files); a finding aborts the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
out=.build/fuzz-json
mkdir -p "$out/corpus"

cat > "$out/harness.cpp" <<'CPP'
#include "CSimdJSON.h"
#include <simdjson.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

static bool valid_utf8(const uint8_t *s, size_t n) {
    return simdjson::validate_utf8(reinterpret_cast<const char *>(s), n);
}

static void check(bool condition, const char *what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz-json: %s\n", what);
        std::abort();
    }
}

/// Whether an escape in a string could be a lone surrogate, a case this parser rejects and simdjson's DOM may not.
static bool has_surrogate_escape(const uint8_t *s, size_t n) {
    for (size_t i = 0; i + 2 < n; ++i) {
        if (s[i] == '\\' && s[i + 1] == 'u' && (s[i + 2] == 'd' || s[i + 2] == 'D')) { return true; }
    }
    return false;
}

/// Whether the input holds an integer beyond 64 bits: 20 digits in a row, or a negative one of 19 digits below
/// INT64_MIN. This parser reads such a literal as a double; simdjson's DOM rejects it.
static bool has_long_digit_run(const uint8_t *s, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n; ++i) {
        run = (s[i] >= '0' && s[i] <= '9') ? run + 1 : 0;
        if (run >= 20) { return true; }
        bool run_ends = run == 19 && (i + 1 == n || s[i + 1] < '0' || s[i + 1] > '9');
        if (run_ends && i >= 19 && s[i - 19] == '-' &&
            std::memcmp(s + i - 18, "9223372036854775808", 19) > 0) {
            return true;
        }
    }
    return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static slip_json_parser *parser = slip_json_parser_create(1 << 20, 64);
    static simdjson::dom::parser dom;
    for (int32_t root : {SLIP_JSON_ROOT_OBJECT, SLIP_JSON_ROOT_ARRAY}) {
        slip_json_result r;
        int32_t status = slip_json_parse(parser, data, size, root, &r);
        check(status == r.error, "status differs from result.error");
        if (status == SLIP_JSON_OK) {
            for (uint32_t i = 0; i < r.count; ++i) {
                const slip_json_field &f = r.fields[i];
                check(f.kind <= SLIP_JSON_ARRAY, "bad kind");
                const uint8_t *kb = (f.flags & SLIP_JSON_KEY_IN_SCRATCH) ? r.scratch : r.input;
                if (!(f.flags & SLIP_JSON_KEY_IN_SCRATCH)) { check(size_t(f.key_offset) + f.key_length <= size, "key outside input"); }
                check(valid_utf8(kb + f.key_offset, f.key_length), "key not UTF-8");
                const uint8_t *vb = (f.flags & SLIP_JSON_VALUE_IN_SCRATCH) ? r.scratch : r.input;
                if (!(f.flags & SLIP_JSON_VALUE_IN_SCRATCH)) { check(size_t(f.value_offset) + f.value_length <= size, "value outside input"); }
                if (f.kind == SLIP_JSON_STRING) { check(valid_utf8(vb + f.value_offset, f.value_length), "string not UTF-8"); }
                if (f.kind == SLIP_JSON_NUMBER) {
                    check(f.number == f.number, "NaN number");
                    if (f.flags & SLIP_JSON_EXACT_INTEGER) { check(double(f.integer) == f.number, "inexact integer"); }
                }
            }
        } else {
            check(r.error_offset >= -1 && r.error_offset <= int64_t(size), "error offset outside input");
        }

        // Differential check against the DOM parser, which validates everything.
        simdjson::dom::element element;
        auto dom_error = dom.parse(data, size).get(element);
        bool dom_ok = dom_error == simdjson::SUCCESS &&
                      element.type() == (root == SLIP_JSON_ROOT_OBJECT ? simdjson::dom::element_type::OBJECT
                                                                       : simdjson::dom::element_type::ARRAY);
        bool ours_ok = status == SLIP_JSON_OK;
        if (ours_ok == dom_ok) { continue; }
        if (!ours_ok && (status == SLIP_JSON_ERROR_DEPTH || status == SLIP_JSON_ERROR_TOO_LARGE)) { continue; }
        if (!ours_ok && status == SLIP_JSON_ERROR_ESCAPE && has_surrogate_escape(data, size)) { continue; }
        if (ours_ok && dom_error == simdjson::NUMBER_ERROR && has_long_digit_run(data, size)) { continue; }
        std::fprintf(stderr, "fuzz-json: ours %s (error %d at %lld), DOM %s\n", ours_ok ? "accepts" : "rejects",
                     status, (long long)r.error_offset, dom_ok ? "accepts" : simdjson::error_message(dom_error));
        std::abort();
    }
    return 0;
}
CPP

# A seed corpus of valid and nearly valid documents.
printf '%s' '{"a":1,"b":"x","c":[1,2,{"d":null}],"e":true,"f":-1.5e-3}' > "$out/corpus/seed1"
printf '%s' '{"k\"e\\y":"\u00e9\ud83d\ude00\n","n":123456789012345678901234567890}' > "$out/corpus/seed2"
printf '%s' '[1,[2,[3,{"x":[]}]],"s",false]' > "$out/corpus/seed3"
printf '%s' '{"event_id":"evt-1","user_id":42,"amount":12.5,"ts":1732262400123,"mobile":false}' > "$out/corpus/seed4"

clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I Sources/CSimdJSON/include Sources/CSimdJSON/*.cpp "$out/harness.cpp" -lsimdjson \
    -o "$out/fuzz-json"
cd "$out"
./fuzz-json -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 corpus
