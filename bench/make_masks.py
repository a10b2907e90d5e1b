#!/usr/bin/env python3
"""Writes N synthetic 512x512 uint16 instance masks with tifffile, uncompressed and deflate.

Usage: make_masks.py OUT_DIR N. Deterministic (seeded). Masks hold 60-140 ellipses with
non-contiguous ids, like cellpose/StarDist output.
"""
import os
import sys

import numpy as np
import tifffile

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(20261122)
yy, xx = np.mgrid[0:512, 0:512]
for folder in ("raw", "deflate"):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
for i in range(n):
    mask = np.zeros((512, 512), dtype=np.uint16)
    ids = rng.choice(np.arange(1, 4000), size=rng.integers(60, 140), replace=False)
    for label in ids:
        cy, cx = rng.integers(0, 512, size=2)
        ry, rx = rng.integers(5, 18, size=2)
        y0, y1, x0, x1 = max(cy - ry, 0), min(cy + ry + 1, 512), max(cx - rx, 0), min(cx + rx + 1, 512)
        window = ((yy[y0:y1, x0:x1] - cy) / ry) ** 2 + ((xx[y0:y1, x0:x1] - cx) / rx) ** 2 <= 1
        mask[y0:y1, x0:x1][window] = label
    name = f"mask_{i:05d}.tif"
    tifffile.imwrite(os.path.join(out, "raw", name), mask)
    tifffile.imwrite(os.path.join(out, "deflate", name), mask, compression="zlib")
