#!/usr/bin/env bash
# Builds hyoka for people who do not have Rust: a zip with hyoka.exe for
# Windows (what most city hall PCs run) and a tar.gz for Linux, each with the
# README, docs/ and the licences of every crate compiled into the program; the
# zip also has a getting-started guide in Japanese for city staff (README-ja.txt).
#
#   dist/build.sh                       # both, into dist/out/
#   TARGETS=x86_64-pc-windows-gnu dist/build.sh
#
# Windows is cross-compiled from Linux with MinGW (as .ci/run checks it), so
# one Linux machine makes both. The archives are byte-identical for the same
# commit and toolchain: files in name order, times set to the commit's.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=${TARGETS:-"x86_64-unknown-linux-gnu x86_64-pc-windows-gnu"}
OUT=dist/out
VERSION=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["packages"][0]["version"])')
STAMP=$(git log -1 --format=%ct 2>/dev/null || echo 315532800)

# The licence texts come from each crate's own files, gathered by cargo-about.
command -v cargo-about >/dev/null 2>&1 || cargo install cargo-about --locked --features cli --version 0.9.3

rm -rf "$OUT"
mkdir -p "$OUT"
for target in $TARGETS; do
  case "$target" in
    *windows*)
      rustup target add "$target" >/dev/null
      command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || { apt-get update -qq; apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null; }
      exe=hyoka.exe archive=zip ;;
    *)
      exe=hyoka archive=tar.gz ;;
  esac
  # Without symbols the program is a quarter smaller; panics still name their place.
  CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --locked --target "$target"
  name="hyoka-$VERSION-$target"
  stage="$OUT/$name"
  mkdir -p "$stage"
  cp "target/$target/release/$exe" "$stage/$exe"
  cp README.md "$stage/README.md"
  cp -r docs "$stage/docs"
  case "$target" in *windows*) cp dist/README-ja.txt "$stage/README-ja.txt" ;; esac
  cargo about generate --fail --target "$target" -c dist/about.toml dist/about.hbs -o "$stage/THIRD-PARTY-LICENSES.html"
  python3 dist/archive.py "$archive" "$stage" "$STAMP" "$OUT/$name.$archive"
  rm -rf "$stage"
done
(cd "$OUT" && sha256sum -- *) | tee "$OUT/SHA256SUMS"
