#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes an archive-scale dataset of N small files for the per-file overhead benchmarks
(bench/run-archive.sh): N/2 images of 64x64 uint16 (background + gradient + a few bright objects +
noise, as the shared generator makes them) and N/2 instance masks of 64x64 uint16 (3-8 disjoint
ellipses with ids 1..k, one pixel apart: every id is one region, so a clean dataset gives no finding),
paired by name as bench/make_validate_dataset.py pairs them:

  DIR/images/img_NNNNNN.tif
  DIR/masks/img_NNNNNN_mask.tif
  DIR/annota.yaml   every image listed (images must be); the masks by a file_name_pattern pairing rule

TIFFs are plain, uncompressed, one strip, as acquisition software and most lab scripts write them
(`deflate` as third argument compresses both with Adobe deflate instead). The TIFF bytes are written
directly behind a fixed header (the bytes tifffile.imwrite(..., metadata=None, photometric="minisblack")
writes; checked against tifffile on the first pair when it is installed), so 100 000 files take well
under a minute on 2 cores. Every file depends only on its index: any worker count gives the same bytes.

Usage: make_small_dataset.py DIR N [raw|deflate]
"""
import os
import struct
import sys

import paired_manifest
import zlib
from multiprocessing import Pool

import numpy as np

SIZE = 64
SEED = 20261203
out, n = sys.argv[1], int(sys.argv[2])
kind = sys.argv[3] if len(sys.argv) > 3 else "raw"
if kind not in ("raw", "deflate"):
    sys.exit("usage: make_small_dataset.py DIR N [raw|deflate]")
pairs = n // 2
yy, xx = np.mgrid[0:SIZE, 0:SIZE]


def tiff_bytes(pixels):
    """A little-endian TIFF of one uint16 plane in one strip, laid out as tifffile.imwrite(...,
    metadata=None, photometric="minisblack") lays it out (same tags, same offsets)."""
    data = pixels.astype("<u2").tobytes()
    compression = 1
    if kind == "deflate":
        data, compression = zlib.compress(data, 6), 8
    h, w = pixels.shape
    software = b"tifffile.py\x00"
    ifd_end = 8 + 2 + 13 * 12 + 4          # 170: rationals and the software string follow
    x_res, y_res, text = ifd_end, ifd_end + 8, ifd_end + 16
    strip = (text + len(software) + 15) // 16 * 16  # 208: the strip starts 16-byte aligned
    tags = [  # (tag, type, count, value): ASCII = 2, SHORT = 3, LONG = 4, RATIONAL = 5
        (256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 16), (259, 3, 1, compression), (262, 3, 1, 1),
        (273, 4, 1, strip), (277, 3, 1, 1), (278, 4, 1, h), (279, 4, 1, len(data)),
        (282, 5, 1, x_res), (283, 5, 1, y_res), (296, 3, 1, 1), (305, 2, len(software), text),
    ]
    head = b"II*\x00" + struct.pack("<IH", 8, len(tags))
    head += b"".join(struct.pack("<HHIHH", t, ty, c, v, 0) if ty == 3 else struct.pack("<HHII", t, ty, c, v)
                     for t, ty, c, v in tags)
    head += struct.pack("<IIIII", 0, 1, 1, 1, 1) + software
    return head + b"\x00" * (strip - len(head)) + data


def make_pair(i):
    rng = np.random.default_rng([SEED, i])
    mask = np.zeros((SIZE, SIZE), dtype=np.uint16)
    k = 0
    for _ in range(int(rng.integers(3, 9))):
        cy, cx = rng.integers(0, SIZE, size=2)
        ry, rx = rng.integers(3, 9, size=2)
        y0, y1 = max(cy - ry - 1, 0), min(cy + ry + 2, SIZE)
        x0, x1 = max(cx - rx - 1, 0), min(cx + rx + 2, SIZE)
        if mask[y0:y1, x0:x1].any():
            continue  # touches an object already drawn: skip, so ids stay one region each
        window = ((yy[y0:y1, x0:x1] - cy) / ry) ** 2 + ((xx[y0:y1, x0:x1] - cx) / rx) ** 2 <= 1
        if not window.any():
            continue
        k += 1
        mask[y0:y1, x0:x1][window] = k
    lut = np.concatenate([[0.0], rng.uniform(400, 3000, max(k, 1))]).astype(np.float32)
    gx, gy = rng.uniform(-2, 2, size=2)
    image = 200.0 + gx * xx + gy * yy + lut[mask] + rng.normal(0.0, 20.0, size=mask.shape)
    return np.clip(image, 0, 65535).astype(np.uint16), mask


def write_range(bounds):
    start, stop = bounds
    for i in range(start, stop):
        image, mask = make_pair(i)
        with open(os.path.join(out, "images", f"img_{i:06d}.tif"), "wb") as f:
            f.write(tiff_bytes(image))
        with open(os.path.join(out, "masks", f"img_{i:06d}_mask.tif"), "wb") as f:
            f.write(tiff_bytes(mask))
    return stop - start


def check_against_tifffile():
    """The direct writer must give the file tifffile gives (skipped when tifffile is missing)."""
    try:
        import tifffile
    except ImportError:
        return
    import io
    image, mask = make_pair(0)
    for pixels in (image, mask):
        buffer = io.BytesIO()
        tifffile.imwrite(buffer, pixels, metadata=None, photometric="minisblack",
                         compression="adobe_deflate" if kind == "deflate" else None)
        read = tifffile.imread(io.BytesIO(tiff_bytes(pixels)))
        assert np.array_equal(read, pixels), "direct TIFF does not read back"
        if kind == "raw":
            assert buffer.getvalue() == tiff_bytes(pixels), "direct TIFF differs from tifffile's"


if __name__ == "__main__":
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    os.makedirs(os.path.join(out, "masks"), exist_ok=True)
    check_against_tifffile()
    step = 1000
    with Pool(os.cpu_count() or 1) as pool:
        written = sum(pool.imap_unordered(write_range, [(s, min(s + step, pairs)) for s in range(0, pairs, step)]))
    assert written == pairs
    paired_manifest.write(
        os.path.join(out, "annota.yaml"), version="0.2",
        title=f"Synthetic small nuclei images for the archive-scale benchmark, {pairs} images",
        description="Generated 64x64 uint16 images with instance masks by bench/make_small_dataset.py, for timing per-file overhead.",
        images=((f"img_{i:06d}", f"images/img_{i:06d}.tif", None) for i in range(pairs)),
        set_id="nuclei", set_name="Nucleus instance masks", masks="masks/{name}_mask.tif")

