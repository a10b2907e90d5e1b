# Shared helpers for the benchmark scripts (sourced).

# Creates bench/.venv with the given PyPI packages (once); sets PY.
ensure_venv() {
  if [ ! -x bench/.venv/bin/python ]; then python3 -m venv bench/.venv; fi
  bench/.venv/bin/pip install --quiet "$@"
  PY=bench/.venv/bin/python
}

# Median wall seconds and max RSS (KiB) of a command over RUNS runs.
measure() {
  local times=() rss=0
  for _ in $(seq "$RUNS"); do
    local stats out
    stats=$(mktemp)
    /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$stats")
    rm -f "$stats"
    times+=("${out% *}")
    local r=${out#* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  echo "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p") $rss"
}
