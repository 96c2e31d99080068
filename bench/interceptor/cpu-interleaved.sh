#!/usr/bin/env bash
# CPU cost per request of two proxies, measured in short interleaved windows so that the load other processes
# put on this shared 2-core box hits both about equally. Both proxies run side by side on SERVER_CPU next to the
# harness's nginx backend and are warmed up first; then, WINDOWS times, each gets a wrk run of WINDOW seconds
# and its utime+stime over that run ÷ requests is recorded. Prints every window and the medians.
#
#   bench/interceptor/cpu-interleaved.sh [windows]   (needs a prior ../shared/bench/run.sh: nginx, wrk, backend.conf)
#
# Env: A_CMD / B_CMD (default: the harness's bare undici proxy / the interceptor's bench entry point),
# WINDOW (seconds, default 2), LOAD_CPU (0), SERVER_CPU (1).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HARNESS=${HARNESS:-/work/shared/bench}
WINDOWS=${1:-20}
WINDOW=${WINDOW:-2}
LOAD_CPU=${LOAD_CPU:-0}
SERVER_CPU=${SERVER_CPU:-1}
A_CMD=${A_CMD:-"node $HARNESS/proxies/node-undici.js"}
B_CMD=${B_CMD:-"node $ROOT/packages/interceptor/dist/bench-main.js"}
BACKEND_PORT=23080
A_PORT=23097
B_PORT=23098
RUN=$(mktemp -d)
trap 'for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done; rm -rf "$RUN"' EXIT

sed "s#pid .*;#pid $RUN/nginx.pid;#; s#error_log .*;#error_log $RUN/nginx.err warn;#" \
  "$HARNESS/.run/backend.conf" >"$RUN/backend.conf"
taskset -c "$SERVER_CPU" nginx -p "$RUN" -c "$RUN/backend.conf" -g 'daemon off;' &
# shellcheck disable=SC2086
PORT=$A_PORT BACKEND_URL=http://127.0.0.1:$BACKEND_PORT taskset -c "$SERVER_CPU" $A_CMD >"$RUN/a.log" 2>&1 &
A_PID=$!
# shellcheck disable=SC2086
PORT=$B_PORT BACKEND_URL=http://127.0.0.1:$BACKEND_PORT taskset -c "$SERVER_CPU" $B_CMD >"$RUN/b.log" 2>&1 &
B_PID=$!
for port in $A_PORT $B_PORT; do
  for _ in $(seq 1 100); do curl -sf -o /dev/null -H 'Host: bench.local' "http://127.0.0.1:$port/" && break; sleep 0.1; done
  taskset -c "$LOAD_CPU" wrk -t1 -c50 -d5s -H 'Host: bench.local' "http://127.0.0.1:$port/" >/dev/null
done

ticks() { awk '{sub(/^.*\) /,""); print $12+$13}' "/proc/$1/stat"; }
window() { # pid port -> µs/req
  local t0 t1 out reqs
  t0=$(ticks "$1")
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c50 -d"${WINDOW}s" -H 'Host: bench.local' "http://127.0.0.1:$2/")
  t1=$(ticks "$1")
  reqs=$(awk '/requests in/{print $1}' <<<"$out")
  awk -v t=$((t1 - t0)) -v r="$reqs" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz * 1e6 / r }'
}
a=(); b=()
for i in $(seq 1 "$WINDOWS"); do
  if ((i % 2)); then x=$(window $A_PID $A_PORT); y=$(window $B_PID $B_PORT)
  else y=$(window $B_PID $B_PORT); x=$(window $A_PID $A_PORT); fi
  a+=("$x"); b+=("$y")
  echo "window $i: A $x us/req, B $y us/req"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
echo "A: $A_CMD"
echo "B: $B_CMD"
echo "median us/req: A $(median "${a[@]}"), B $(median "${b[@]}")"
