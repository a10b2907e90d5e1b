#!/usr/bin/env python3
"""Writes a candidate for every reference mask: shifted by (1, 2) px with 5 labels dropped.

Usage: make_compare_candidates.py REFERENCE_DIR OUT_DIR. Deterministic (seeded per file), what a
model's output against its ground truth looks like (the issue's benchmark: StarDist F1 about 0.93).
"""
import os
import sys

import numpy as np
import tifffile

reference, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
for index, name in enumerate(sorted(os.listdir(reference))):
    mask = tifffile.imread(os.path.join(reference, name))
    rng = np.random.default_rng(20261203 + index)
    labels = np.unique(mask)
    labels = labels[labels != 0]
    dropped = rng.choice(labels, size=min(5, len(labels)), replace=False)
    shifted = np.zeros_like(mask)
    shifted[1:, 2:] = mask[:-1, :-2]
    shifted[np.isin(shifted, dropped)] = 0
    tifffile.imwrite(os.path.join(out, name), shifted)
