#ifndef CANNOTAPNG_SHIM_H
#define CANNOTAPNG_SHIM_H
/* libpng for Swift. libpng reports errors by longjmp; every setjmp here is inside one C function, so
   a jump never crosses a Swift frame. Messages go to a buffer, never to the terminal. */
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  uint32_t width, height;
  int bit_depth;   /* per sample, as stored: 1, 2, 4, 8 or 16 */
  int color_type;  /* PNG_COLOR_TYPE_* */
  int channels;    /* samples per pixel as stored (palette: 1 index) */
  int interlaced;
  char message[256];
} cannotapng_info;

typedef struct {
  const uint8_t *data;
  size_t size, offset;
} cannotapng_source;

typedef struct {
  uint8_t *data;
  size_t size, capacity;
  int failed;
} cannotapng_sink;

typedef struct {
  jmp_buf jump;
  char *message;
} cannotapng_errors;

static void cannotapng_error(png_structp png, png_const_charp text) {
  cannotapng_errors *errors = (cannotapng_errors *)png_get_error_ptr(png);
  strncpy(errors->message, text ? text : "libpng error", 255);
  errors->message[255] = 0;
  longjmp(errors->jump, 1);
}

static void cannotapng_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

static void cannotapng_read_bytes(png_structp png, png_bytep out, png_size_t count) {
  cannotapng_source *source = (cannotapng_source *)png_get_io_ptr(png);
  if (count > source->size - source->offset) png_error(png, "the file ends inside the image data (truncated)");
  memcpy(out, source->data + source->offset, count);
  source->offset += count;
}

/* Reads the header (out == NULL) or the whole image into out: samples as stored, 1 byte per sample
   below 8 bits (values kept, not scaled), 16-bit samples in native byte order, palette indices kept,
   interlaced images de-interlaced. Returns 0 on success, -1 on a libpng error (info->message says
   which), -2 when out_size is not rows × row bytes. */
static inline int cannotapng_read(
  const uint8_t *data, size_t size, cannotapng_info *info, uint8_t *out, size_t out_size,
  uint32_t max_width, uint32_t max_height
) {
  volatile int status = -1;
  cannotapng_errors errors;
  errors.message = info->message;
  info->message[0] = 0;
  cannotapng_source source = {data, size, 0};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &errors, cannotapng_error, cannotapng_warning);
  if (!png) { strcpy(info->message, "libpng could not start"); return -1; }
  png_infop header = png_create_info_struct(png);
  png_bytep *volatile rows = NULL;
  if (!header || setjmp(errors.jump)) {
    free(rows);
    png_destroy_read_struct(&png, header ? &header : NULL, NULL);
    return status;
  }
  png_set_user_limits(png, max_width, max_height);
  png_set_chunk_malloc_max(png, 64u << 20);
  png_set_crc_action(png, PNG_CRC_DEFAULT, PNG_CRC_DEFAULT);
  /* Strict: data after the last row (a deflate bomb's tail, a spliced file) is an error, not a warning. */
  png_set_benign_errors(png, 0);
  png_set_read_fn(png, &source, cannotapng_read_bytes);
  png_read_info(png, header);
  info->width = png_get_image_width(png, header);
  info->height = png_get_image_height(png, header);
  info->bit_depth = png_get_bit_depth(png, header);
  info->color_type = png_get_color_type(png, header);
  info->channels = png_get_channels(png, header);
  info->interlaced = png_get_interlace_type(png, header) != PNG_INTERLACE_NONE;
  if (out) {
    if (info->bit_depth < 8) png_set_packing(png);
    if (info->bit_depth == 16) {
      const uint16_t probe = 1;
      if (*(const uint8_t *)&probe == 1) png_set_swap(png);
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, header);
    size_t row_bytes = png_get_rowbytes(png, header);
    if (row_bytes == 0 || out_size / row_bytes != info->height || out_size % row_bytes != 0) {
      strcpy(info->message, "the buffer does not fit the image");
      status = -2;
      png_error(png, "the buffer does not fit the image");
    }
    rows = (png_bytep *)malloc(sizeof(png_bytep) * info->height);
    if (!rows) png_error(png, "out of memory for row pointers");
    for (uint32_t y = 0; y < info->height; y++) rows[y] = out + (size_t)y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
  }
  status = 0;
  free(rows);
  png_destroy_read_struct(&png, &header, NULL);
  return status;
}

static void cannotapng_write_bytes(png_structp png, png_bytep bytes, png_size_t count) {
  cannotapng_sink *sink = (cannotapng_sink *)png_get_io_ptr(png);
  if (sink->size + count > sink->capacity) {
    size_t capacity = sink->capacity ? sink->capacity * 2 : 65536;
    while (capacity < sink->size + count) capacity *= 2;
    uint8_t *grown = (uint8_t *)realloc(sink->data, capacity);
    if (!grown) { sink->failed = 1; png_error(png, "out of memory writing the PNG"); }
    sink->data = grown;
    sink->capacity = capacity;
  }
  memcpy(sink->data + sink->size, bytes, count);
  sink->size += count;
}

static void cannotapng_flush(png_structp png) { (void)png; }

/* Encodes rows of samples (8 or 16 bits, 16 in native order; color_type GRAY, GRAY_ALPHA, RGB or
   RGBA) into sink (free sink->data with free()). Returns 0 on success, -1 with message on failure. */
static inline int cannotapng_write(
  const uint8_t *samples, uint32_t width, uint32_t height, int bit_depth, int color_type,
  cannotapng_sink *sink, char *message
) {
  cannotapng_errors errors;
  errors.message = message;
  message[0] = 0;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors, cannotapng_error, cannotapng_warning);
  if (!png) { strcpy(message, "libpng could not start"); return -1; }
  png_infop header = png_create_info_struct(png);
  if (!header || setjmp(errors.jump)) {
    png_destroy_write_struct(&png, header ? &header : NULL);
    return -1;
  }
  png_set_write_fn(png, sink, cannotapng_write_bytes, cannotapng_flush);
  png_set_IHDR(png, header, width, height, bit_depth, color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
    PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, header);
  if (bit_depth == 16) {
    const uint16_t probe = 1;
    if (*(const uint8_t *)&probe == 1) png_set_swap(png);
  }
  int channels = color_type == PNG_COLOR_TYPE_RGB ? 3 : color_type == PNG_COLOR_TYPE_RGBA ? 4
    : color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
  size_t row_bytes = (size_t)width * channels * (bit_depth / 8);
  for (uint32_t y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(samples + (size_t)y * row_bytes));
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &header);
  return 0;
}

static inline int cannotapng_color_gray(void) { return PNG_COLOR_TYPE_GRAY; }
static inline int cannotapng_color_palette(void) { return PNG_COLOR_TYPE_PALETTE; }
static inline int cannotapng_color_rgb(void) { return PNG_COLOR_TYPE_RGB; }
static inline int cannotapng_color_rgba(void) { return PNG_COLOR_TYPE_RGBA; }
static inline int cannotapng_color_gray_alpha(void) { return PNG_COLOR_TYPE_GRAY_ALPHA; }

#endif
