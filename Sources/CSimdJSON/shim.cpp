#include "CSimdJSON.h"
#include <simdjson.h>
extern "C" int slipstream_simdjson_available(void) { return 1; }
