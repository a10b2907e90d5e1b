#!/usr/bin/env python3
"""Writes a synthetic dataset tree for `annota init`: N files in 100 folders, half 32×32 uint16
images (`plate_XX/img_NNNNNN.tif`), half label images (`plate_XX/masks/img_NNNNNN_mask.tif`).
Usage: make_tree.py OUT N. Each file is a copy of one template, so writing is fast. Deterministic."""
import os
import shutil
import sys

import numpy as np
import tifffile

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
image = os.path.join(out, ".image.tif")
mask = os.path.join(out, ".mask.tif")
tifffile.imwrite(image, rng.integers(0, 4000, (32, 32), dtype=np.uint16))
labels = np.zeros((32, 32), dtype=np.uint16)
for k in range(4):
    labels[2 + 7 * k : 6 + 7 * k, 3:9] = k + 1
tifffile.imwrite(mask, labels)
for i in range(n // 2):
    plate = os.path.join(out, f"plate_{i % 100:02d}")
    os.makedirs(os.path.join(plate, "masks"), exist_ok=True)
    shutil.copyfile(image, os.path.join(plate, f"img_{i:06d}.tif"))
    shutil.copyfile(mask, os.path.join(plate, "masks", f"img_{i:06d}_mask.tif"))
