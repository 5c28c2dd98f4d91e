#!/usr/bin/env bash
# Load run of `hyoka serve` with wrk: many concurrent connections on loopback
# for a bounded time; prints requests per second, latency and errors.
# Results and what they mean: docs/security.md, "The preview server".
#
# usage: bench/serve_load.sh            (from anywhere; needs wrk: apt-get install -y wrk)
#   CONNECTIONS=1000      concurrent connections, kept alive (wrk -c)
#   THREADS=2             wrk threads (-t): one per core of the machine
#   DURATION=10s          how long wrk sends requests (-d)
#   SITE=<repo>           the site to serve; default the bundled site
#   PATHS="/ …"           the addresses requested in turn; default a page load of the
#                         bundled site: top page, measure page (its charts inline),
#                         project page and stylesheet
#   HYOKA=<repo>/target/release/hyoka   the binary; built with `cargo build --release`
#                         unless HYOKA is given (CARGO_TARGET_DIR is honoured)
#
# The server runs on a free port of 127.0.0.1 and is stopped afterwards. The
# script fails when wrk reports any error (connect, read, write, timeout, or a
# status other than 2xx/3xx) or when the server no longer answers after the run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
CONNECTIONS=${CONNECTIONS:-1000}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
SITE=${SITE:-$REPO}
PATHS=${PATHS:-"/ /measures/digital/ /projects/dx-suishin/ /assets/style.css"}

command -v wrk >/dev/null || { echo "wrk not found; install it (Debian: apt-get install -y wrk)" >&2; exit 2; }
source "$HERE/hyoka_binary.sh"

# wrk and the server each hold CONNECTIONS sockets; the usual soft limit of 1024 is too low.
ulimit -n "$(ulimit -Hn)"

WORK=$(mktemp -d)
source "$HERE/preview_server.sh"

start_preview "$SITE"

# Requests the paths in turn; at the end prints one summary line with every error kind.
{
    printf 'local paths = {'
    for path in $PATHS; do printf '"%s",' "$path"; done
    printf '}\n'
    cat <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "summary: %d requests in %.1f s, %.0f requests/s, %.1f MB/s; latency ms: median %.1f, p99 %.1f, max %.1f; errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    summary.requests, seconds, summary.requests / seconds, summary.bytes / seconds / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.timeout, e.status))
end
LUA
} >"$WORK/paths.lua"

echo "hyoka serve $SITE at $URL: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, paths: $PATHS"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/paths.lua" "$URL" | tee "$WORK/wrk.txt"

# Still serving after the run?
PORT=${URL##*:}; PORT=${PORT%/}
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$PORT" >&3
read -r STATUS <&3 || true
exec 3<&-
echo "after the run: ${STATUS%$'\r'}"

SUMMARY=$(grep '^summary:' "$WORK/wrk.txt")
ERRORS=$(( $(sed 's/.*errors: //' <<<"$SUMMARY" | grep -o '[0-9]\+' | paste -sd+) ))
if [[ $ERRORS != 0 || $STATUS != "HTTP/1.1 200"* ]]; then
    echo "FAILED: $ERRORS errors" >&2
    exit 1
fi
echo "ok: no errors"
