#!/usr/bin/env bash
# Run the query-mix benchmark against this service, Virtuoso, rdflib-endpoint and rdflib's
# in-memory engine, all on the same data, on 127.0.0.1. By hand only; figures go in notes.
#
#   bash bench/run_peers.sh 1      # the bundled document
#   bash bench/run_peers.sh 100    # 100 synthetic copies (about 1M triples)
#   SKIP_RDFLIB_ENDPOINT=1 bash bench/run_peers.sh 100   # without rdflib-endpoint (slow to load)
#
# Named queries get varied parameters (every module, person ... in turn). Each endpoint first
# runs the mix for WARM_UP seconds (default 60: Virtuoso gets faster at texts it has seen),
# then is measured with the mix's texts and with every text new (bench/query_mix.py
# --new-texts). ROUNDS (default 3) rounds measure the endpoints back to back, and the summary
# and the README table (bench/mix_table.py) are medians over rounds. rdflib-endpoint, the
# slowest, is measured in the first round only. The load average is printed before and after.
# Environment: ROUNDS, REPEAT (single-client runs per query, default 20), SECONDS_PER_LEVEL,
# WARM_UP;
# GLIBC_COLUMNS=1 adds gkg cache off on disk and in memory with GKG_QUERY_ALLOCATOR=system
# (glibc's malloc in the query processes), to compare allocators within one run.
#
# Needs: the project's .venv; Debian virtuoso-opensource (scripts/virtuoso.sh installs it);
# rdflib-endpoint in its own venv at $RDFLIB_ENDPOINT_VENV (default /tmp/rdfep), e.g.
#   python3 -m venv /tmp/rdfep && /tmp/rdfep/bin/pip install rdflib-endpoint uvicorn
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-1}
seconds=${SECONDS_PER_LEVEL:-10}
rounds=${ROUNDS:-3}
repeat=${REPEAT:-20}
warm_up=${WARM_UP:-60}
work=$(mktemp -d /tmp/gkg-bench.XXXXXX)
venv=${RDFLIB_ENDPOINT_VENV:-/tmp/rdfep}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  bash scripts/virtuoso.sh stop "$work/virtuoso" >/dev/null 2>&1 || true
}
trap cleanup EXIT

free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
# Wait (at most 10 minutes) until the CPUs are at least 90% idle over 5 s: /readyz answers once
# one worker's query processes are up, while other workers may still be loading the release.
cpu_times() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }
wait_idle() {
  for _ in $(seq 1 120); do
    read -r total1 idle1 < <(cpu_times); sleep 5; read -r total2 idle2 < <(cpu_times)
    [ $(( (idle2 - idle1) * 100 )) -ge $(( (total2 - total1) * 90 )) ] && return 0
  done
  echo "the machine did not become idle; measuring anyway" >&2
}

if [ "$copies" = 1 ]; then
  .venv/bin/gkg build --quiet --store "$work/store"
  .venv/bin/gkg export --store "$work/store" --format nq -o "$work/data.nq"
else
  .venv/bin/python bench/synthetic.py --copies "$copies" --out "$work/data.nq" --store "$work/store"
fi
echo "corpus: $(wc -l < "$work/data.nq") quads in $work/data.nq"

gkg_port=$(free_port)
.venv/bin/gkg serve --store "$work/store" --port "$gkg_port" --workers 2 --query-timeout 120 \
  > "$work/gkg.log" 2>&1 &
pids+=($!)
nocache_port=$(free_port)
GKG_CACHE_BYTES=0 .venv/bin/gkg serve --store "$work/store" --port "$nocache_port" --workers 2 \
  --query-timeout 120 > "$work/gkg-nocache.log" 2>&1 &
pids+=($!)

eval "$(bash scripts/virtuoso.sh start "$work/virtuoso" | sed 's/^/VIRTUOSO_/')"
.venv/bin/python - "$work/data.nq" "$VIRTUOSO_sparql_auth" "$VIRTUOSO_user" \
  "$(cat "$VIRTUOSO_password_file")" <<'EOF'
import sys
from service.store.publish import publish
report = publish(sys.argv[1], sys.argv[2], username=sys.argv[3], password=sys.argv[4])
print(f"virtuoso: published {sum(report.graphs.values())} triples in {report.seconds:.1f} s")
EOF

memory_port=$(free_port)
GKG_CACHE_BYTES=0 .venv/bin/gkg serve --store "$work/store" --port "$memory_port" --workers 2 \
  --in-memory --query-timeout 120 > "$work/gkg-in-memory.log" 2>&1 &
pids+=($!)

if [ -n "${GLIBC_COLUMNS:-}" ]; then
  glibc_port=$(free_port)
  GKG_CACHE_BYTES=0 GKG_QUERY_ALLOCATOR=system .venv/bin/gkg serve --store "$work/store" \
    --port "$glibc_port" --workers 2 --query-timeout 120 > "$work/gkg-glibc.log" 2>&1 &
  pids+=($!)
  glibc_memory_port=$(free_port)
  GKG_CACHE_BYTES=0 GKG_QUERY_ALLOCATOR=system .venv/bin/gkg serve --store "$work/store" \
    --port "$glibc_memory_port" --workers 2 --in-memory --query-timeout 120 \
    > "$work/gkg-in-memory-glibc.log" 2>&1 &
  pids+=($!)
fi

peers=(--inner gkg --inner gkg-no-cache --inner gkg-in-memory-no-cache
       --endpoint "gkg=http://127.0.0.1:$gkg_port/sparql"
       --endpoint "gkg-no-cache=http://127.0.0.1:$nocache_port/sparql"
       --endpoint "gkg-in-memory-no-cache=http://127.0.0.1:$memory_port/sparql"
       --endpoint "virtuoso=$VIRTUOSO_sparql")
if [ -n "${GLIBC_COLUMNS:-}" ]; then
  peers+=(--inner gkg-no-cache-glibc --inner gkg-in-memory-no-cache-glibc
          --endpoint "gkg-no-cache-glibc=http://127.0.0.1:$glibc_port/sparql"
          --endpoint "gkg-in-memory-no-cache-glibc=http://127.0.0.1:$glibc_memory_port/sparql")
fi
if [ -z "${SKIP_RDFLIB_ENDPOINT:-}" ]; then  # it needs minutes to load 1M triples
  rdflib_port=$(free_port)
  "$venv/bin/rdflib-endpoint" serve --host 127.0.0.1 --port "$rdflib_port" "$work/data.nq" \
    > "$work/rdflib-endpoint.log" 2>&1 &
  pids+=($!)
  peers+=(--endpoint "rdflib-endpoint=http://127.0.0.1:$rdflib_port/" --slow rdflib-endpoint)
  wait_for "http://127.0.0.1:$rdflib_port/?query=ASK%7B%7D"
fi

wait_for "http://127.0.0.1:$gkg_port/readyz"
wait_for "http://127.0.0.1:$nocache_port/readyz"
wait_for "http://127.0.0.1:$memory_port/readyz"
if [ -n "${GLIBC_COLUMNS:-}" ]; then
  wait_for "http://127.0.0.1:$glibc_port/readyz"
  wait_for "http://127.0.0.1:$glibc_memory_port/readyz"
fi

wait_idle

rdflib_flag=()
[ "$copies" -le 10 ] && rdflib_flag=(--rdflib "$work/data.nq")
echo "load before: $(uptime)"
.venv/bin/python bench/query_mix.py "${peers[@]}" --values-from "http://127.0.0.1:$gkg_port/sparql" \
  "${rdflib_flag[@]}" --seconds "$seconds" --rounds "$rounds" --repeat "$repeat" \
  --warm-up "$warm_up" --new-texts \
  --json "$work/results-$copies.json" --answers "$work/answers-$copies.json"
echo "load after: $(uptime)"
.venv/bin/python bench/mix_table.py "$work/results-$copies.json"
echo "results: $work/results-$copies.json (answer digests: $work/answers-$copies.json)"
