#ifndef CANNOTAJPEG_SHIM_H
#define CANNOTAJPEG_SHIM_H
/* libjpeg-turbo's TurboJPEG API for Swift: errors are returned and read with tjGetErrorStr2, never
   printed; a warning (a truncated file, a corrupt segment) stops decoding and is an error. */
#include <stdint.h>
#include <string.h>
#include <turbojpeg.h>

typedef struct {
  int width, height, subsampling, colorspace;
  char message[256];
} cannotajpeg_info;

/* Reads the header (out == NULL) or decodes every pixel into out as gray (channels 1) or RGB
   (channels 3). Returns 0, or -1 with info->message. */
static inline int cannotajpeg_read(
  const uint8_t *data, size_t size, cannotajpeg_info *info, uint8_t *out, size_t out_size, int channels
) {
  info->message[0] = 0;
  tjhandle handle = tjInitDecompress();
  if (!handle) { strcpy(info->message, "libjpeg-turbo could not start"); return -1; }
  int status = tjDecompressHeader3(handle, data, (unsigned long)size, &info->width, &info->height,
    &info->subsampling, &info->colorspace);
  if (status == 0 && out) {
    if ((size_t)info->width * (size_t)info->height * (size_t)channels != out_size) {
      strcpy(info->message, "the buffer does not fit the image");
      tjDestroy(handle);
      return -1;
    }
    status = tjDecompress2(handle, data, (unsigned long)size, out, info->width, 0, info->height,
      channels == 1 ? TJPF_GRAY : TJPF_RGB, TJFLAG_STOPONWARNING | TJFLAG_ACCURATEDCT);
  }
  if (status != 0) {
    strncpy(info->message, tjGetErrorStr2(handle), 255);
    info->message[255] = 0;
  }
  tjDestroy(handle);
  return status == 0 ? 0 : -1;
}

/* Encodes gray (channels 1) or RGB (channels 3) pixels at quality 1–100 into *out (free with
   tjFree). Returns 0, or -1 with message. */
static inline int cannotajpeg_write(
  const uint8_t *pixels, int width, int height, int channels, int quality, unsigned char **out,
  unsigned long *out_size, char *message
) {
  message[0] = 0;
  tjhandle handle = tjInitCompress();
  if (!handle) { strcpy(message, "libjpeg-turbo could not start"); return -1; }
  *out = NULL;
  *out_size = 0;
  int status = tjCompress2(handle, pixels, width, 0, height, channels == 1 ? TJPF_GRAY : TJPF_RGB, out, out_size,
    channels == 1 ? TJSAMP_GRAY : TJSAMP_444, quality, TJFLAG_ACCURATEDCT);
  if (status != 0) { strncpy(message, tjGetErrorStr2(handle), 255); message[255] = 0; }
  tjDestroy(handle);
  return status == 0 ? 0 : -1;
}

static inline void cannotajpeg_free(unsigned char *buffer) { tjFree(buffer); }

static inline int cannotajpeg_colorspace_gray(void) { return TJCS_GRAY; }

#endif
