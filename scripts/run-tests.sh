#!/usr/bin/env bash
# Runs the whole test suite (Swift Testing) and judges it by the run's own record: the event stream
# Swift Testing writes to a file (.build/test-events.jsonl), whose last event must say the run ended
# and passed, and the exit status. The console output is kept in .build/test-output.log. A run in CI
# once lost the console's tail (status 0, no closing line): the console alone cannot tell a run that
# ended early from one whose output was cut, the event stream can. XCTest is disabled: no test uses
# it, and its "Executed 0 tests" misleads.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build
log=.build/test-output.log
events=.build/test-events.jsonl
rm -f "$events"
swift test --disable-xctest --event-stream-output-path "$events" --event-stream-version 0 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
ended=$(grep -a '"kind":"runEnded"' "$events" 2>/dev/null | sed -E 's/.*"text":"([^"]*)".*/\1/' | tail -1)
count() { local n; n=$(grep -a -c "\"kind\":\"$1\"" "$events" 2>/dev/null); echo "${n:-0}"; }
started=$(count testStarted)
finished=$(count testEnded)
if [ -z "$ended" ]; then
  echo "make test: the run did not end (exit status $status; $finished of $started tests ended; see $events); counted as failed" >&2
  exit 1
fi
if ! grep -a -q "Test run with [0-9]* tests* in [0-9]* suites* passed" "$log"; then
  echo "make test: the console output was cut short; the run's event stream says: $ended" >&2
fi
if [ "$status" -ne 0 ] || ! echo "$ended" | grep -q "^Test run with [0-9]* tests* in [0-9]* suites* passed"; then
  echo "make test: failed (exit status $status): $ended" >&2
  exit 1
fi
echo "make test: $ended ($finished tests ended; event stream in $events)"
