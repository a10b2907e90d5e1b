#!/usr/bin/env python3
"""The peer: label statistics as a user would write them in Python — tifffile to read, numpy's
`unique` for values and counts, `scipy.ndimage.find_objects` for bounding boxes.

Usage: python_label_stats.py FOLDER [PROCESSES]. Prints one JSON line per file, in order.
"""
import json
import os
import sys
from multiprocessing import Pool

import numpy as np
import scipy.ndimage
import tifffile


def stats(path):
    a = tifffile.imread(path)
    values, counts = np.unique(a, return_counts=True)
    boxes = scipy.ndimage.find_objects(a)
    labels = []
    for value, count in zip(values.tolist(), counts.tolist()):
        if value == 0:
            continue
        box = boxes[value - 1]
        labels.append({"value": value, "pixels": count,
                       "bbox": [box[-1].start, box[-2].start, box[-1].stop, box[-2].stop]})
    return json.dumps({"path": path, "labels": labels})


if __name__ == "__main__":
    folder = sys.argv[1]
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".tif"))
    if processes == 1:
        for f in files:
            print(stats(f))
    else:
        with Pool(processes) as pool:
            for line in pool.imap(stats, files, chunksize=8):
                print(line)
