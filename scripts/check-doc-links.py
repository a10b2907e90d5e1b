#!/usr/bin/env python3
"""Every relative link in the project's Markdown resolves: `[text](path)` and `[text](path#anchor)`
name a file or folder that exists, and an anchor names a heading of that file. Web links are not
followed (no network). Exit 1 with one line per broken link."""
import re
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
link = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
fence = re.compile(r"^\s*(```|~~~)")


def anchors(path: Path) -> set:
    """GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens."""
    found, inside = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if fence.match(line):
            inside = not inside
        elif not inside and line.startswith("#"):
            text = line.lstrip("#").strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


files = subprocess.run(["git", "ls-files", "*.md"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
broken = []
for name in files:
    path = root / name
    inside = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fence.match(line):
            inside = not inside
            continue
        if inside:
            continue
        for target in link.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            file, _, anchor = target.partition("#")
            resolved = (path.parent / file).resolve() if file else path
            if file and not resolved.exists():
                broken.append(f"{name}:{number}: {target}: no such file")
            elif anchor and resolved.is_file() and resolved.suffix == ".md" and anchor not in anchors(resolved):
                broken.append(f"{name}:{number}: {target}: no such heading")
for line in broken:
    print(line, file=sys.stderr)
sys.exit(1 if broken else 0)
