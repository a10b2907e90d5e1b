#!/usr/bin/env python3
"""The peer: label statistics of HDF5 volumes as a user would write them — h5py to read the whole
volume, numpy.unique for values and counts, scipy.ndimage.find_objects for boxes.
Usage: python_hdf5_stats.py FOLDER [LIMIT]. One JSON line per file, in order."""
import json
import os
import sys

import h5py
import numpy as np
import scipy.ndimage

folder = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
for name in sorted(f for f in os.listdir(folder) if f.endswith(".h5"))[:limit]:
    with h5py.File(os.path.join(folder, name), "r") as f:
        a = f["label"][...]
    values, counts = np.unique(a, return_counts=True)
    boxes = scipy.ndimage.find_objects(a)
    labels = []
    for value, count in zip(values.tolist(), counts.tolist()):
        if value == 0:
            continue
        box = boxes[value - 1]
        labels.append({"value": value, "pixels": count, "bbox": [box[2].start, box[1].start, box[2].stop, box[1].stop],
                       "planes": [box[0].start, box[0].stop]})
    print(json.dumps({"path": name, "labels": labels}))
