#!/usr/bin/env python3
"""pycocotools' COCOeval on a ground truth and a results file, as every detection paper runs it.

Usage: python_cocoeval.py GT.json DT.json. Prints the twelve stats as JSON and, on standard error,
the seconds of evaluate() + accumulate() alone (the loading and summarize() excluded).
"""
import contextlib
import io
import json
import sys
import time

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

with contextlib.redirect_stdout(io.StringIO()):
    truth = COCO(sys.argv[1])
    detections = truth.loadRes(sys.argv[2])
    evaluation = COCOeval(truth, detections, "bbox")
    start = time.perf_counter()
    evaluation.evaluate()
    evaluation.accumulate()
    seconds = time.perf_counter() - start
    evaluation.summarize()
print(json.dumps([float(v) for v in evaluation.stats]))
print(f"{seconds:.2f}", file=sys.stderr)
