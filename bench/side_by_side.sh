#!/usr/bin/env bash
# Two checkouts of gkg served side by side over one store, the answer cache off, measured in
# turns with bench/cpu_per_request.py (throughput of the mix and CPU-ms a request by process).
# By hand only; figures go in notes.
#
#   git worktree add /tmp/old REV
#   bash bench/side_by_side.sh /tmp/old . /tmp/store-1 [CLIENTS] [SECONDS] [ROUNDS]
#
# The first checkout is "A", the second "B"; each is put first on PYTHONPATH, so this
# checkout's .venv runs either one's code. Extra settings for one side: A_ENV / B_ENV, e.g.
# B_ENV="GKG_MAX_CONCURRENT=8" (then give the same checkout twice).
set -euo pipefail
cd "$(dirname "$0")/.."
a_path=$(realpath "$1")
b_path=$(realpath "$2")
store=$3
clients=${4:-16}
seconds=${5:-8}
rounds=${6:-3}
work=$(mktemp -d /tmp/gkg-side-by-side.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1/readyz" && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
serve() {  # serve NAME CHECKOUT SETTINGS: start a server, print its port and process id
  local port
  port=$(free_port)
  # shellcheck disable=SC2086 # SETTINGS is a list of NAME=VALUE words
  env ${3:-} GKG_CACHE_BYTES=0 PYTHONPATH="$2" .venv/bin/gkg serve --store "$store" \
    --port "$port" --workers 2 > "$work/$1.log" 2>&1 &
  echo "$port $!"
}

read -r a_port a_pid < <(serve A "$a_path" "${A_ENV:-}")
read -r b_port b_pid < <(serve B "$b_path" "${B_ENV:-}")
pids+=("$a_pid" "$b_pid")
wait_ready "http://127.0.0.1:$a_port"
wait_ready "http://127.0.0.1:$b_port"
sleep 5  # the other query processes of each pool start after /readyz
echo "A: $a_path ${A_ENV:-}"
echo "B: $b_path ${B_ENV:-}"
for round in $(seq 1 "$rounds"); do
  for side in "A $a_port $a_pid" "B $b_port $b_pid"; do
    read -r name port pid <<< "$side"
    echo "== $name, round $round"
    .venv/bin/python bench/cpu_per_request.py --url "http://127.0.0.1:$port/sparql" \
      --server-pid "$pid" --clients "$clients" --seconds "$seconds" --inner
  done
done
