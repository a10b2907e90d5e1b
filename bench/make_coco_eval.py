#!/usr/bin/env python3
"""Writes a COCO ground truth and a results file for detection evaluation.

Usage: make_coco_eval.py OUT_DIR N_IMAGES. Deterministic: 640x480 images with 0-30 boxes of 3
categories (some crowd), each detected with probability 0.85 by a box jittered by a few pixels, plus
0-5 false positives per image, scores uniform.
"""
import json
import os
import sys

import numpy as np

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261203)
images = [{"id": i + 1, "width": 640, "height": 480, "file_name": f"img_{i:05d}.png"} for i in range(n)]
annotations, results = [], []
for image in images:
    for _ in range(int(rng.integers(0, 31))):
        w, h = (float(v) for v in rng.uniform(4, 160, size=2))
        x, y = float(rng.uniform(0, 640 - w)), float(rng.uniform(0, 480 - h))
        category = int(rng.integers(1, 4))
        annotations.append({"id": len(annotations) + 1, "image_id": image["id"], "category_id": category,
                            "bbox": [x, y, w, h], "area": w * h, "iscrowd": int(rng.random() < 0.02)})
        if rng.random() < 0.85:
            dx, dy, dw, dh = (float(v) for v in rng.normal(0, 3, size=4))
            results.append({"image_id": image["id"], "category_id": category,
                            "bbox": [x + dx, y + dy, max(w + dw, 1.0), max(h + dh, 1.0)], "score": float(rng.random())})
    for _ in range(int(rng.integers(0, 6))):
        w, h = (float(v) for v in rng.uniform(4, 120, size=2))
        results.append({"image_id": image["id"], "category_id": int(rng.integers(1, 4)),
                        "bbox": [float(rng.uniform(0, 640 - w)), float(rng.uniform(0, 480 - h)), w, h],
                        "score": float(rng.random())})
categories = [{"id": c, "name": f"class {c}"} for c in (1, 2, 3)]
json.dump({"images": images, "categories": categories, "annotations": annotations}, open(f"{out}/gt.json", "w"))
json.dump(results, open(f"{out}/dt.json", "w"))
