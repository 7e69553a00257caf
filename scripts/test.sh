#!/usr/bin/env bash
# `make test`: the whole pytest suite. No tests collected (pytest's exit code 5) is a failure too.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
