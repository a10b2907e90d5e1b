#ifndef CANNOTADEFLATE_SHIM_H
#define CANNOTADEFLATE_SHIM_H
/* libdeflate for Swift: whole-buffer zlib decompression (two to three times zlib's inflate), for
   HDF5 deflate chunks. It neither allocates per call beyond its decompressor nor prints. */
#include <libdeflate.h>
#include <stddef.h>
#include <stdint.h>

/* Decompresses a zlib stream that must fill exactly `expected` bytes; 0 on success. */
static inline int cannotadeflate_zlib(const uint8_t *input, size_t size, uint8_t *output, size_t expected) {
  struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
  if (!decompressor) return -1;
  size_t produced = 0;
  enum libdeflate_result result = libdeflate_zlib_decompress(decompressor, input, size, output, expected, &produced);
  libdeflate_free_decompressor(decompressor);
  return result == LIBDEFLATE_SUCCESS && produced == expected ? 0 : -1;
}
#endif
