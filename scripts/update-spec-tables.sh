#!/usr/bin/env bash
# Replaces the generated part of SPEC.md (between the BEGIN/END GENERATED markers) with
# `annota schema --format markdown`, so the field tables always match the Swift spec.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=Specs/annota/0.2/SPEC.md
tables=$(mktemp)
trap 'rm -f "$tables"' EXIT
.build/debug/annota schema --format markdown > "$tables"
python3 - "$spec" "$tables" <<'PY'
import sys
spec, tables = sys.argv[1], open(sys.argv[2]).read()
text = open(spec).read()
begin, end = "<!-- BEGIN GENERATED: annota schema --format markdown -->\n", "<!-- END GENERATED -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(spec, "w").write(head + begin + tables + end + tail)
PY
echo "updated $spec"
