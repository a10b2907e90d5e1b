#!/usr/bin/env bash
# Export benchmark: `annota export --to nnunet|yolo|coco|imagefolder` of the 2 000-image validation
# dataset (deflate; 2 000 images + 2 000 instance masks) against `cp -a` of the same folder, in the
# same run. Every layout reads every mask in full (COCO RLE, YOLO polygons, nnU-Net class values);
# ImageFolder only links or copies. Then the YOLO folder is imported back (`convert --to annota`).
# Median of RUNS runs; page cache warm for both sides.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv tifffile numpy pyyaml
swift build -c release --product annota >/dev/null
annota=.build/release/annota
d=bench/data/validate-deflate-2000
[ -f "$d/annota.yaml" ] || $PY bench/make_validate_dataset.py "$d" deflate 2000
# The same files hard-linked, with splits (80/10/10), a label table for the masks and a class table,
# so that every layout has its annotations. The manifest is replaced, never written through a link.
e=bench/data/export-2000
if [ ! -f "$e/classes.tsv" ]; then
  rm -rf "$e" && cp -al "$d" "$e"
  $PY - "$e" <<'PY'
import os, sys, yaml
root = sys.argv[1]
m = yaml.safe_load(open(os.path.join(root, "annota.yaml")))
rows = ["image\tlabel"]
for i, image in enumerate(m["images"]):
    image["split"] = "train" if i % 10 < 8 else "validation" if i % 10 == 8 else "test"
    rows.append(f"{image['id']}\t{'dense' if i % 3 == 0 else 'sparse'}")
open(os.path.join(root, "classes.tsv.tmp"), "w").write("\n".join(rows) + "\n")
os.replace(os.path.join(root, "classes.tsv.tmp"), os.path.join(root, "classes.tsv"))
m["splits"] = [{"name": "train"}, {"name": "validation"}, {"name": "test"}]
m["label_tables"] = [{"id": "cells", "labels": [{"value": 0, "name": "background"}, {"value": 1, "name": "cell"}]},
                     {"id": "density", "labels": [{"value": 1, "name": "dense"}, {"value": 2, "name": "sparse"}]}]
m["annotation_sets"][0]["label_table"] = "cells"
m["annotation_sets"].append({"id": "density", "name": "Density", "overview": "One class per image.",
    "types": ["class_labels"], "encoding": "class_table", "label_table": "density",
    "files": [{"path": "classes.tsv", "images": [i["id"] for i in m["images"]]}]})
open(os.path.join(root, "annota.yaml.tmp"), "w").write(yaml.safe_dump(m, sort_keys=False, allow_unicode=True))
os.replace(os.path.join(root, "annota.yaml.tmp"), os.path.join(root, "annota.yaml"))
PY
fi
work=bench/data/export-work
rm -rf "$work" && mkdir -p "$work"
files=$(find "$e" -type f | wc -l)
bytes=$(du -sbL "$e" | cut -f1)
echo "data: $files files, $(echo "$bytes/1000000" | bc) MB (deflate)"
read -r ct cm < <(measure bash -c "rm -rf $work/copy; cp -a $e $work/copy")
printf '\n%-34s %9s %9s %9s %10s\n' tool seconds "MB/s" "MiB peak" "× cp -a"
printf '%-34s %9.2f %9.0f %9.1f %10s\n' "cp -a (the floor)" "$ct" "$(echo "$bytes/$ct/1000000" | bc -l)" \
  "$(echo "$cm/1024" | bc -l)" "1.00"
for layout in nnunet yolo coco imagefolder imagefolder-copy; do
  case $layout in
    nnunet) out=$work/Dataset600_Bench; args=(--to nnunet --semantic-from-instance) ;;
    imagefolder-copy) out=$work/out; args=(--to imagefolder --copy) ;;
    *) out=$work/out; args=(--to "$layout") ;;
  esac
  read -r t m < <(measure bash -c "rm -rf $out; $annota export --quiet $e -o $out ${args[*]}")
  printf '%-34s %9.2f %9.0f %9.1f %9.2fx\n' "annota export --to $layout" "$t" "$(echo "$bytes/$t/1000000" | bc -l)" \
    "$(echo "$m/1024" | bc -l)" "$(echo "$t/$ct" | bc -l)"
  [ "$layout" = imagefolder ] && printf '%-34s %9.3f s per 1 000 files (hard links)\n' "" "$(echo "$t*1000/2000" | bc -l)"
done
# Import: the YOLO folders just written (2 000 images; boxes, then polygons traced from the masks)
# read back: streamed to COCO (parse and check every label file, read every image header), and
# into a new Annota dataset (everything in memory, GeoJSON and a manifest written).
printf '\n%-46s %9s %9s %12s\n' "YOLO import (2 000 images)" seconds "MiB peak" "label text"
for task in detect segment; do
  rm -rf "$work/yolo-$task" && $annota export --quiet "$e" -o "$work/yolo-$task" --to yolo --task $task >/dev/null
  size=$(du -sh "$work/yolo-$task/labels" | cut -f1)
  read -r it im < <(measure bash -c "$annota convert $work/yolo-$task/data.yaml --to coco $work/yolo-$task.json")
  printf '%-46s %9.2f %9.1f %12s\n' "convert data.yaml --to coco ($task)" "$it" "$(echo "$im/1024" | bc -l)" "$size"
  read -r it im < <(measure bash -c "rm -rf $work/back; $annota convert $work/yolo-$task/data.yaml --to annota $work/back")
  printf '%-46s %9.2f %9.1f %12s\n' "convert data.yaml --to annota ($task)" "$it" "$(echo "$im/1024" | bc -l)" "$size"
done
# nnU-Net's own verify_dataset_integrity on the nnU-Net export, in a venv of its own (NNUNET=0 skips).
# nnunetv2 is installed without its dependency on PyTorch: PyPI's torch needs about 3 GB of CUDA
# libraries, and verify_dataset_integrity never calls it. Three of nnunetv2's modules (and
# acvl_utils) import torch at load time for their inference helpers, so a stand-in module that
# raises on any use is put first on PYTHONPATH: if the check ever needed torch, it would fail loudly.
if [ "${NNUNET:-1}" = 1 ]; then
  nn=bench/.venv-nnunet
  [ -x $nn/bin/python ] || python3 -m venv $nn
  $nn/bin/pip install --quiet --no-deps nnunetv2==2.8.1 batchgenerators==0.25.5 acvl-utils==0.2.6
  $nn/bin/pip install --quiet numpy==2.4.6 pandas==3.1.1 scipy==1.17.1 scikit-image==0.26.0 \
    scikit-learn==1.9.1 tifffile==2026.3.3 imagecodecs==2026.3.6 simpleitk==2.5.7 nibabel==5.4.2 \
    threadpoolctl==3.8.0 blosc2==4.15.0 tqdm==4.70.1
  mkdir -p "$work/torch/torch/nn"
  cat > "$work/torch/torch/__init__.py" <<'PY'
# Stands in for PyTorch so that nnunetv2's verify_dataset_integrity imports; any use raises.
def _absent(*args, **kwargs): raise RuntimeError("PyTorch is not installed: this check does not need it")
class Tensor: pass
class device:
    def __init__(self, *args, **kwargs): _absent()
softmax = sigmoid = from_numpy = _absent
def inference_mode(*args, **kwargs): return lambda function: function
no_grad = inference_mode
from . import cuda, nn
PY
  printf 'def is_available(): return False\ndef empty_cache(): pass\n' > "$work/torch/torch/cuda.py"
  printf 'from . import functional\n' > "$work/torch/torch/nn/__init__.py"
  printf 'def __getattr__(name): raise RuntimeError("PyTorch is not installed")\n' > "$work/torch/torch/nn/functional.py"
  # The timed nnU-Net export is still in $work: verify that one.
  if PYTHONPATH="$work/torch" nnUNet_raw="$work" nnUNet_preprocessed="$work/pre" nnUNet_results="$work/res" \
    $nn/bin/python -c "import sys; from nnunetv2.experiment_planning.verify_dataset_integrity import verify_dataset_integrity as v; v(sys.argv[1], 2)" \
    "$work/Dataset600_Bench" > "$work/verify.log" 2>&1; then
    echo "nnU-Net 2.8.1 verify_dataset_integrity: passed on the export"
  else
    echo "nnU-Net 2.8.1 verify_dataset_integrity: FAILED on the export"; tail -20 "$work/verify.log"; exit 1
  fi
else
  echo "nnU-Net's verify_dataset_integrity: not run (NNUNET=0)"
fi
rm -rf "$work"
