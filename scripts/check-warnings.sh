#!/usr/bin/env bash
# Builds the package and its tests (the configuration `make test` then reuses) and fails on any
# compiler warning in the project's own files: Sources, Tests, Examples. Dependencies' warnings are
# theirs. On a clean clone every file compiles, so every warning shows; locally, only those of the
# files that changed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
mkdir -p .build
log=.build/lint-build.log
if ! swift build --build-tests >"$log" 2>&1; then
  tail -30 "$log" >&2
  echo "lint: the build failed (see $log)" >&2
  exit 1
fi
if grep -a -E "^($PWD|$root)/(Sources|Tests|Examples)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" | sort -u >"$log.warnings" \
  && [ -s "$log.warnings" ]; then
  cat "$log.warnings" >&2
  echo "lint: $(wc -l <"$log.warnings") compiler warning(s) in the project's files; fix them" >&2
  exit 1
fi
echo "lint: no compiler warnings in the project's files"
