#ifndef SLIPSTREAM_CSIMDJSON_H
#define SLIPSTREAM_CSIMDJSON_H
/* C interface over simdjson (implemented in C++), so that Swift modules need no C++ interoperability. */
#ifdef __cplusplus
extern "C" {
#endif
/* Placeholder; the JSON module fills this in. */
int slipstream_simdjson_available(void);
#ifdef __cplusplus
}
#endif
#endif
