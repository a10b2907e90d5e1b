#!/usr/bin/env python3
"""Writes a dataset for the validation benchmark: N 512x512 uint16 images, each with an instance mask
of 60-140 disjoint ellipses with non-contiguous ids (a clean dataset: no finding is expected),
uncompressed or deflate, and an annota.yaml that lists the images and pairs the masks by name.

Usage: make_validate_dataset.py OUT raw|deflate N [BASE]. With BASE (a dataset of this kind already
written), files are hard-linked from it in turn: same per-file work, no extra disk.
"""
import os
import sys

import paired_manifest

import numpy as np
import tifffile

out, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = sys.argv[4] if len(sys.argv) > 4 else None
os.makedirs(os.path.join(out, "images"), exist_ok=True)
os.makedirs(os.path.join(out, "masks"), exist_ok=True)
yy, xx = np.mgrid[0:512, 0:512]


def instance_mask(rng):
    """Ellipses drawn only where they touch nothing already drawn (one pixel apart): each id is one region."""
    mask = np.zeros((512, 512), dtype=np.uint16)
    ids = rng.choice(np.arange(1, 4000), size=rng.integers(60, 140), replace=False)
    for label in ids:
        cy, cx = rng.integers(0, 512, size=2)
        ry, rx = rng.integers(5, 18, size=2)
        y0, y1, x0, x1 = max(cy - ry - 1, 0), min(cy + ry + 2, 512), max(cx - rx - 1, 0), min(cx + rx + 2, 512)
        if mask[y0:y1, x0:x1].any():
            continue
        window = ((yy[y0:y1, x0:x1] - cy) / ry) ** 2 + ((xx[y0:y1, x0:x1] - cx) / rx) ** 2 <= 1
        mask[y0:y1, x0:x1][window] = label
    return mask


rng = np.random.default_rng(20261122)
base_count = len(os.listdir(os.path.join(base, "images"))) if base else 0
for i in range(n):
    image, mask = f"images/img_{i:05d}.tif", f"masks/img_{i:05d}_mask.tif"
    if base:
        j = i % base_count
        for target, source in ((image, f"images/img_{j:05d}.tif"), (mask, f"masks/img_{j:05d}_mask.tif")):
            path = os.path.join(out, target)
            if not os.path.exists(path):
                os.link(os.path.join(base, source), path)
        continue
    labels = instance_mask(rng)
    pixels = (labels > 0).astype(np.uint16) * 800 + 100 + rng.integers(0, 200, labels.shape, dtype=np.uint16)
    compression = "zlib" if kind == "deflate" else None
    tifffile.imwrite(os.path.join(out, image), pixels, compression=compression)
    tifffile.imwrite(os.path.join(out, mask), labels, compression=compression)

paired_manifest.write(
    os.path.join(out, "annota.yaml"), version="0.1",
    title=f"Synthetic nuclei for the validation benchmark, {n} images",
    description="Generated 512x512 uint16 images with instance masks, for timing annota validate.",
    images=[(f"img_{i:05d}", f"images/img_{i:05d}.tif", None) for i in range(n)],
    set_id="nuclei", set_name="Nucleus instance masks", masks="masks/{name}_mask.tif")

