#ifndef CANNOTAZLIB_SHIM_H
#define CANNOTAZLIB_SHIM_H
/* zlib for Swift: inflateInit is a macro; wrap it. */
#include <zlib.h>
static inline int cannotazlib_inflate_init(z_stream *s) { return inflateInit(s); }
#endif
