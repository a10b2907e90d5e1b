#!/usr/bin/env python3
"""The peer: the script a user would write to check a dataset's pixels before deposit — for every
image and its mask (paired by name): SHA-256 of the file, decode with tifffile, integer mask, same
shape as the image, the label values (numpy.unique), an empty mask, background present. Annota also
checks instance connectivity and the manifest, so this does less work per file.

Usage: python_validate_pixels.py DATASET PROCESSES
"""
import hashlib
import io
import os
import sys
from multiprocessing import Pool

import numpy as np
import tifffile


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return hashlib.sha256(data).hexdigest(), tifffile.imread(io.BytesIO(data))


def check(pair):
    image_path, mask_path = pair
    problems = []
    _, image = read(image_path)
    _, mask = read(mask_path)
    if mask.dtype.kind not in "ui":
        problems.append(f"{mask_path}: not integer")
    if mask.shape != image.shape:
        problems.append(f"{mask_path}: shape {mask.shape} != {image.shape}")
    values = np.unique(mask)
    if values.size == 0 or (values.size == 1 and values[0] == 0):
        problems.append(f"{mask_path}: empty")
    if values.size and values[0] != 0:
        problems.append(f"{mask_path}: no background")
    return problems


def main():
    root, processes = sys.argv[1], int(sys.argv[2])
    pairs = []
    for name in sorted(os.listdir(os.path.join(root, "images"))):
        stem = name[: -len(".tif")]
        pairs.append((os.path.join(root, "images", name), os.path.join(root, "masks", f"{stem}_mask.tif")))
    if processes == 1:
        results = map(check, pairs)
    else:
        pool = Pool(processes)
        results = pool.imap(check, pairs, chunksize=16)
    problems = [p for result in results for p in result]
    print(f"{len(pairs)} pairs, {len(problems)} problems")


if __name__ == "__main__":
    main()
