# Shared by the bench scripts (sourced, not run): release binaries in $BIN, a work folder in
# $WORK (a given one is kept; a temporary one is removed at the end), and `median`.

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/qe2rdf/target}
BIN=$CARGO_TARGET_DIR/release
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"

# median VALUE… : the middle value (the lower middle for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
