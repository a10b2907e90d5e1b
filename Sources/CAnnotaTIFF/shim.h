#ifndef CANNOTATIFF_SHIM_H
#define CANNOTATIFF_SHIM_H
/* libtiff for Swift: typed wrappers for the variadic TIFFGetField/TIFFSetField. */
#include <stdarg.h>
#include <stdio.h>
#include <tiffio.h>

static inline int cannotatiff_get_u32(TIFF *t, uint32_t tag, uint32_t *o) { return TIFFGetField(t, tag, o); }
static inline int cannotatiff_get_u16(TIFF *t, uint32_t tag, uint16_t *o) { return TIFFGetField(t, tag, o); }
static inline int cannotatiff_get_ascii(TIFF *t, uint32_t tag, const char **o) { return TIFFGetField(t, tag, o); }
static inline int cannotatiff_get_float(TIFF *t, uint32_t tag, float *o) { return TIFFGetField(t, tag, o); }
static inline int cannotatiff_set_u32(TIFF *t, uint32_t tag, uint32_t v) { return TIFFSetField(t, tag, v); }
static inline int cannotatiff_set_u16(TIFF *t, uint32_t tag, uint16_t v) { return TIFFSetField(t, tag, (int)v); }
static inline int cannotatiff_set_ascii(TIFF *t, uint32_t tag, const char *v) { return TIFFSetField(t, tag, v); }
static inline int cannotatiff_set_double(TIFF *t, uint32_t tag, double v) { return TIFFSetField(t, tag, v); }
static inline int cannotatiff_set_float(TIFF *t, uint32_t tag, float v) { return TIFFSetField(t, tag, (double)v); }

/* SubIFD offsets: TIFFTAG_SUBIFD returns a count and a pointer owned by libtiff. */
static inline int cannotatiff_get_subifds(TIFF *t, uint16_t *count, uint64_t **offsets) {
  return TIFFGetField(t, TIFFTAG_SUBIFD, count, offsets);
}
static inline int cannotatiff_set_u16_array(TIFF *t, uint32_t tag, uint16_t count, const uint16_t *v) {
  return TIFFSetField(t, tag, count, v);
}

/* The per-handle error/warning handler receives a va_list; format it here so Swift never touches one. */
static inline int cannotatiff_vformat(char *buf, size_t size, const char *fmt, va_list ap) {
  return vsnprintf(buf, size, fmt, ap);
}
#endif
