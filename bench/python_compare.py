#!/usr/bin/env python3
"""The script a user would write: read both masks of every pair with tifffile and run StarDist's
matching_dataset over them (pooled, by_image=False), one process.

Usage: python_compare.py REFERENCE_DIR CANDIDATE_DIR THRESHOLDS [LIMIT]. THRESHOLDS is a comma list.
Prints the dataset numbers per threshold as JSON. Pairs are read lazily, as a generator, so memory
stays flat in the number of pairs.
"""
import json
import os
import sys

import tifffile
from stardist.matching import matching_dataset_lazy

reference, candidate = sys.argv[1], sys.argv[2]
thresholds = [float(t) for t in sys.argv[3].split(",")]
names = sorted(os.listdir(reference))
if len(sys.argv) > 4:
    names = names[: int(sys.argv[4])]
pairs = ((tifffile.imread(os.path.join(reference, n)), tifffile.imread(os.path.join(candidate, n))) for n in names)
results = matching_dataset_lazy(pairs, thresh=thresholds, by_image=False, show_progress=False)
keys = ("tp", "fp", "fn", "n_true", "n_pred")
print(json.dumps([
    {k: (int(v) if k in keys else float(v)) for k, v in r._asdict().items() if k not in ("criterion", "by_image")}
    for r in results
]))
