#!/usr/bin/env python3
"""Writes N chunked, gzip-compressed HDF5 label volumes (64 x 256 x 256 uint16) with h5py, PlantSeg
style (`label` dataset, `element_size_um`). Usage: make_volumes.py OUT_DIR N. Deterministic."""
import os
import sys

import h5py
import numpy as np

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(4)
zz, yy, xx = np.mgrid[0:64, 0:256, 0:256]
for i in range(n):
    volume = np.zeros((64, 256, 256), dtype=np.uint16)
    for label in rng.choice(np.arange(1, 60000), size=120, replace=False):
        cz, cy, cx = rng.integers(0, 64), rng.integers(0, 256), rng.integers(0, 256)
        rz, ry, rx = rng.integers(3, 8), rng.integers(6, 18), rng.integers(6, 18)
        z0, z1, y0, y1, x0, x1 = max(cz - rz, 0), min(cz + rz + 1, 64), max(cy - ry, 0), min(cy + ry + 1, 256), max(cx - rx, 0), min(cx + rx + 1, 256)
        inside = (((zz[z0:z1, y0:y1, x0:x1] - cz) / rz) ** 2 + ((yy[z0:z1, y0:y1, x0:x1] - cy) / ry) ** 2
                  + ((xx[z0:z1, y0:y1, x0:x1] - cx) / rx) ** 2) <= 1
        volume[z0:z1, y0:y1, x0:x1][inside] = label
    with h5py.File(os.path.join(out, f"volume_{i:03d}.h5"), "w") as f:
        d = f.create_dataset("label", data=volume, chunks=(8, 64, 64), compression="gzip", compression_opts=4)
        d.attrs["element_size_um"] = [0.5, 0.2, 0.2]
