#!/usr/bin/env bash
# Build + validate figures for N copies of the bundled document (issue 16, items 3 and 4).
# By hand only; figures go in notes, never in tests.
#
#   bash bench/run_build.sh 100            # build (parse, validate, index, load, write) of 100 copies
#   bash bench/run_build.sh 100 --memory   # ... then a 60 s query-process soak over that store
#
# Prints each stage's wall-clock and CPU seconds and the peak resident memory of the build and
# its parsing processes (bench/build_bench.py); with --memory, the RSS of one on-disk query
# process over 60 s of the query mix (bench/query_memory.py). The machine's load average is
# printed too: on a shared machine wall-clock seconds grow with it, CPU seconds much less.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-100}
work=$(mktemp -d /tmp/gkg-build-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
.venv/bin/python bench/build_bench.py --copies "$copies" --store "$work/store"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${2:-}" = "--memory" ]; then
  .venv/bin/python bench/query_memory.py --store "$work/store" --seconds "${SOAK_SECONDS:-60}"
fi
