#!/usr/bin/env bash
# Every Swift file of the project starts with its licence (SPDX) line; a package manifest has it
# right after its swift-tools-version line, which must come first.
set -euo pipefail
cd "$(dirname "$0")/.."
spdx='// SPDX-License-Identifier: Apache-2.0'
bad=0
while IFS= read -r file; do
  case "$file" in
    */Package.swift | Package.swift) line=$(sed -n 2p "$file") ;;
    *) line=$(sed -n 1p "$file") ;;
  esac
  if [ "$line" != "$spdx" ]; then
    echo "$file: the licence line ($spdx) is not where it belongs (keep a blank line after it: swift-format's import sorting moves a comment glued to an import)" >&2
    bad=1
  fi
done < <(git ls-files '*.swift')
exit $bad
