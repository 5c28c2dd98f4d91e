# Sourced by bench/preview.sh and bench/serve_load.sh: runs `hyoka serve` for
# the length of the script. Expects HYOKA (the binary) and WORK (a scratch
# folder, removed at exit); sets SERVER (the server's pid) and URL.

SERVER=
stop_preview() {
    if [[ -n $SERVER ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap stop_preview EXIT

# start_preview ROOT: serves the site at ROOT on a free port of 127.0.0.1, its
# output in $WORK/server.log, and waits (up to a minute) until it is ready.
start_preview() {
    "$HYOKA" serve --root "$1" --port 0 >"$WORK/server.log" 2>&1 &
    SERVER=$!
    URL=
    for _ in $(seq 600); do
        URL=$(sed -n 's|^serving .* at \(http://[^ ]*/\) .*|\1|p' "$WORK/server.log")
        [[ -n $URL ]] && return 0
        kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "hyoka serve did not start:" >&2
    cat "$WORK/server.log" >&2
    exit 1
}
