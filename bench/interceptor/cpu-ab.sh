#!/usr/bin/env bash
# Quick A/B of proxy CPU cost per request, for iterating on the interceptor's hot path between full runs of
# ../shared/bench/run.sh. Each round starts each contender fresh on SERVER_CPU next to the harness's nginx
# backend, warms it with wrk, then measures utime+stime of its process over a wrk run ÷ requests served.
# Rounds alternate the order, so drift over the run does not favour one side.
#
#   bench/interceptor/cpu-ab.sh [rounds] [contender …]    (needs a prior run.sh: nginx, wrk, the backend config)
#
# Contenders: `undici` (the harness's bare undici proxy), `interceptor` (the interceptor's bench entry point),
# or `interceptor:<node flags>` (the same with V8/node flags, comma-separated). Default: undici interceptor.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HARNESS=${HARNESS:-/work/shared/bench}
ROUNDS=${1:-3}
shift || true
CONTENDERS=("$@")
((${#CONTENDERS[@]})) || CONTENDERS=(undici interceptor)
DURATION=${DURATION:-8}
LOAD_CPU=${LOAD_CPU:-0}
SERVER_CPU=${SERVER_CPU:-1}
BACKEND_PORT=23080
PROXY_PORT=23096
RUN=$(mktemp -d)
trap 'for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done; rm -rf "$RUN"' EXIT

sed "s/23080/$BACKEND_PORT/g; s#pid .*;#pid $RUN/nginx.pid;#; s#error_log .*;#error_log $RUN/nginx.err warn;#" \
  "$HARNESS/.run/backend.conf" >"$RUN/backend.conf"
taskset -c "$SERVER_CPU" nginx -p "$RUN" -c "$RUN/backend.conf" -g 'daemon off;' &
sleep 0.5

ticks() { awk '{sub(/^.*\) /,""); print $12+$13}' "/proc/$1/stat"; }
measure() { # name cmd...
  local name=$1; shift
  PORT=$PROXY_PORT BACKEND_URL=http://127.0.0.1:$BACKEND_PORT taskset -c "$SERVER_CPU" "$@" >"$RUN/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null -H 'Host: bench.local' "http://127.0.0.1:$PROXY_PORT/" && break; sleep 0.1; done
  taskset -c "$LOAD_CPU" wrk -t1 -c50 -d"${WARMUP:-4}s" -H 'Host: bench.local' "http://127.0.0.1:$PROXY_PORT/" >/dev/null
  local t0 t1 out reqs
  t0=$(ticks "$pid")
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c50 -d"${DURATION}s" -H 'Host: bench.local' "http://127.0.0.1:$PROXY_PORT/")
  t1=$(ticks "$pid")
  reqs=$(awk '/requests in/{print $1}' <<<"$out")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v n="$name" -v t=$((t1 - t0)) -v r="$reqs" -v hz="$(getconf CLK_TCK)" -v d="$DURATION" \
    'BEGIN { printf "%-40s %8.0f req/s %7.1f us/req\n", n, r / d, t / hz * 1e6 / r }'
}
for r in $(seq 1 "$ROUNDS"); do
  order=("${CONTENDERS[@]}")
  if ((r % 2 == 0)); then order=(); for ((i = ${#CONTENDERS[@]} - 1; i >= 0; i--)); do order+=("${CONTENDERS[$i]}"); done; fi
  for c in "${order[@]}"; do
    case $c in
      undici) measure node-undici node "$HARNESS/proxies/node-undici.js" ;;
      interceptor) measure interceptor node "$ROOT/packages/interceptor/dist/bench-main.js" ;;
      interceptor:*)
        IFS=, read -r -a flags <<<"${c#interceptor:}"
        measure "$c" node "${flags[@]}" "$ROOT/packages/interceptor/dist/bench-main.js" ;;
    esac
  done
done
