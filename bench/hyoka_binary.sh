# Sourced by the bench scripts: sets HYOKA to the binary they run. Unless
# HYOKA is given, builds target/release/hyoka from the working tree at REPO
# (honouring CARGO_TARGET_DIR) and sets BUILT=1.

BUILT=0
if [[ -z ${HYOKA:-} ]]; then
    (cd "$REPO" && cargo build --release --quiet)
    BUILT=1
    HYOKA=${CARGO_TARGET_DIR:-$REPO/target}/release/hyoka
fi
[[ -x $HYOKA ]] || { echo "no hyoka binary at $HYOKA" >&2; exit 2; }
