#!/usr/bin/env python3
"""Writes a large CVAT for images 1.1 file: N images, each with boxes, polygons and points.
Usage: make_cvat.py OUT N. About 100 MB for N = 20000. Deterministic."""
import random
import sys

out, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
with open(out, "w") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n  <meta><task><labels>\n')
    for name in ("nucleus", "mitotic", "debris"):
        f.write(f"    <label><name>{name}</name><color>#33ddff</color><type>any</type><attributes/></label>\n")
    f.write("  </labels></task></meta>\n")
    for i in range(n):
        f.write(f'  <image id="{i}" name="img_{i:06d}.tif" width="512" height="512">\n')
        for _ in range(8):
            x, y = random.uniform(0, 480), random.uniform(0, 480)
            f.write(f'    <box label="nucleus" source="manual" occluded="0" xtl="{x:.2f}" ytl="{y:.2f}" xbr="{x + 20:.2f}" ybr="{y + 25:.2f}" z_order="0"></box>\n')
        for _ in range(4):
            pts = ";".join(f"{random.uniform(0, 512):.2f},{random.uniform(0, 512):.2f}" for _ in range(12))
            f.write(f'    <polygon label="mitotic" source="manual" occluded="0" points="{pts}" z_order="0"></polygon>\n')
        f.write(f'    <points label="debris" source="auto" occluded="0" points="{random.uniform(0,512):.2f},{random.uniform(0,512):.2f}" z_order="0"></points>\n')
        f.write("  </image>\n")
    f.write("</annotations>\n")
