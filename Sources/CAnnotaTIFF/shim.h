#ifndef CANNOTATIFF_SHIM_H
#define CANNOTATIFF_SHIM_H
/* libtiff for Swift: typed wrappers for the variadic TIFFGetField/TIFFSetField. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
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
/* A TIFF read from memory: the bytes a caller already read (and hashed) are the bytes decoded.
   The caller owns `base` and keeps it alive until TIFFClose. */
typedef struct { const unsigned char *base; uint64_t size; uint64_t offset; } cannotatiff_memory;

static inline tmsize_t cannotatiff_memory_read(thandle_t h, void *buffer, tmsize_t count) {
  cannotatiff_memory *m = (cannotatiff_memory *)h;
  if (count <= 0 || m->offset >= m->size) return 0;
  uint64_t available = m->size - m->offset;
  uint64_t n = (uint64_t)count < available ? (uint64_t)count : available;
  memcpy(buffer, m->base + m->offset, (size_t)n);
  m->offset += n;
  return (tmsize_t)n;
}
static inline tmsize_t cannotatiff_memory_write(thandle_t h, void *buffer, tmsize_t count) {
  (void)h; (void)buffer; (void)count;
  return -1;
}
static inline toff_t cannotatiff_memory_seek(thandle_t h, toff_t offset, int whence) {
  cannotatiff_memory *m = (cannotatiff_memory *)h;
  uint64_t origin = whence == SEEK_CUR ? m->offset : whence == SEEK_END ? m->size : 0;
  if (offset > UINT64_MAX - origin) return (toff_t)-1;
  m->offset = origin + offset;
  return m->offset;
}
static inline int cannotatiff_memory_close(thandle_t h) { (void)h; return 0; }
static inline toff_t cannotatiff_memory_size(thandle_t h) { return ((cannotatiff_memory *)h)->size; }
static inline int cannotatiff_memory_map(thandle_t h, void **base, toff_t *size) {
  cannotatiff_memory *m = (cannotatiff_memory *)h;
  *base = (void *)m->base;
  *size = m->size;
  return 1;
}
static inline void cannotatiff_memory_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

static inline TIFF *cannotatiff_open_memory(const char *name, cannotatiff_memory *m, TIFFOpenOptions *options) {
  return TIFFClientOpenExt(name, "r", (thandle_t)m, cannotatiff_memory_read, cannotatiff_memory_write,
                           cannotatiff_memory_seek, cannotatiff_memory_close, cannotatiff_memory_size,
                           cannotatiff_memory_map, cannotatiff_memory_unmap, options);
}
#endif
