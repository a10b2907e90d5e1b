#!/usr/bin/env python3
"""Writes a BIA RO-Crate style file list of N rows: half images, half masks whose source_image names
their image (the self-references the BIA's validator resolves), as a large study would have.

Usage: make_file_list.py OUT N
"""
import sys

out, n = sys.argv[1], int(sys.argv[2])
with open(out, "w") as f:
    f.write("file_path\tsize_in_bytes\tdataset\ttype\tsource_image\tannotation_method\n")
    for i in range(n // 2):
        plate, well = divmod(i, 5000)
        image = f"plate_{plate:03d}/images/well_{well:05d}.ome.tif"
        f.write(f"{image}\t{524288 + i % 997}\t#images\thttp://bia/Image\t\t\n")
        f.write(f"plate_{plate:03d}/masks/well_{well:05d}_mask.tif\t{16384 + i % 101}\t#masks\thttp://bia/AnnotationData\t{image}\t#segmentation\n")
