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
# nnU-Net's own verify_dataset_integrity on the nnU-Net export, when nnunetv2 is in bench/.venv.
# NNUNET=1 installs it from PyPI (it pulls PyTorch with its CUDA libraries: several GB).
if [ "${NNUNET:-0}" = 1 ]; then bench/.venv/bin/pip install --quiet nnunetv2; fi
if $PY -c 'import nnunetv2' 2>/dev/null; then
  rm -rf "$work/raw" && mkdir -p "$work/raw"
  $annota export --quiet "$e" -o "$work/raw/Dataset600_Bench" --to nnunet --semantic-from-instance >/dev/null
  nnUNet_raw="$work/raw" nnUNet_preprocessed="$work/pre" nnUNet_results="$work/res" $PY -c \
    "import sys; from nnunetv2.experiment_planning.verify_dataset_integrity import verify_dataset_integrity as v; v(sys.argv[1], 2)" \
    "$work/raw/Dataset600_Bench" >/dev/null
  echo "nnU-Net's verify_dataset_integrity: passed on the export"
else
  echo "nnU-Net's verify_dataset_integrity: not run (nnunetv2 is not installed; NNUNET=1 installs it)"
fi
rm -rf "$work"
