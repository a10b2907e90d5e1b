#!/usr/bin/env python3
"""Writes a large, valid Annota manifest (YAML and JSON) for the manifest-reading benchmark.

Usage: make_manifest.py OUT_DIR N_IMAGES. Deterministic: the same N gives the same bytes.
"""
import json
import sys

out, n = sys.argv[1], int(sys.argv[2])
images = []
files = []
for i in range(n):
    images.append({
        "id": f"img{i:06d}", "path": f"images/img{i:06d}.tif", "format": "tiff",
        "checksum": "sha256:" + f"{i:064x}",
        "dimensions": {"x": 512, "y": 512},
        "physical_size": {"x": 0.325, "y": 0.325, "unit": "um"},
        "split": ["train", "validation", "test"][i % 3],
    })
    files.append({"path": f"masks/img{i:06d}_mask.tif", "image": f"img{i:06d}",
                  "created": "2026-10-01T12:00:00Z"})
manifest = {
    "annota": "0.1",
    "study": {"title": "A large benchmark dataset of synthetic nuclei", "description": "Generated for benchmarking.",
              "authors": [{"name": "Ada Example", "orcid": "0000-0002-1825-0097"}], "licence": "CC0-1.0"},
    "images": images,
    "annotation_sets": [{"id": "nuclei", "name": "Nuclei", "overview": "Instance masks.",
                         "types": ["segmentation_mask"], "encoding": "label_image", "kind": "instance",
                         "files": files}],
    "splits": [{"name": "train"}, {"name": "validation"}, {"name": "test"}],
}
with open(f"{out}/annota.json", "w") as f:
    json.dump(manifest, f, indent=2)
# Block-style YAML written by hand (PyYAML's dumper is slow and not the subject here).
with open(f"{out}/annota.yaml", "w") as f:
    def emit(value, indent):
        pad = " " * indent
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, (dict, list)) and v:
                    f.write(f"{pad}{k}:\n")
                    emit(v, indent + 2)
                else:
                    f.write(f"{pad}{k}: {json.dumps(v)}\n")
        else:
            for item in value:
                if isinstance(item, dict):
                    first = True
                    for k, v in item.items():
                        lead = pad + ("- " if first else "  ")
                        first = False
                        if isinstance(v, (dict, list)) and v:
                            f.write(f"{lead}{k}:\n")
                            emit(v, indent + 4)
                        else:
                            f.write(f"{lead}{k}: {json.dumps(v)}\n")
                else:
                    f.write(f"{pad}- {json.dumps(item)}\n")
    emit(manifest, 0)
