#!/usr/bin/env python3
"""The HDF5 validation a user would write: SHA-256 of every file, every image read with h5py, and the
label values of every label volume counted with numpy.unique(return_counts=True). One process.
Usage: python_validate_hdf5.py DATASET. Prints files, label values and the sum of all digests' first
bytes (so nothing is optimised away)."""
import hashlib
import os
import sys

import h5py
import numpy as np

root = sys.argv[1]
files = labels = check = 0
for folder, dataset in (("images", "raw"), ("masks", "label")):
    for name in sorted(os.listdir(os.path.join(root, folder))):
        path = os.path.join(root, folder, name)
        with open(path, "rb") as f:
            check += hashlib.sha256(f.read()).digest()[0]
        with h5py.File(path, "r") as f:
            data = f[dataset][...]
        if folder == "masks":
            values, counts = np.unique(data, return_counts=True)
            labels += int((values != 0).sum())
        files += 1
print(files, labels, check)
