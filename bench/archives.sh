#!/usr/bin/env bash
# The Assembly's archives as it publishes them: a zip of one document per question (JSON,
# then XML), against the same documents unpacked in a folder; and the AMO reference archive
# given to --actors, zipped against unpacked. Prints medians of RUNS runs and the ratios.
#
# Usage: bench/archives.sh [COUNT] [RUNS]     (defaults: 40000 questions, 3 runs)
# AMO=path/to/AMO….json.zip (default: the one in ../shared/reference, if any).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${1:-40000}
RUNS=${2:-3}
# shellcheck source=bench/common.sh
. bench/common.sh
AMO=${AMO:-$(ls ../shared/reference/AMO*.json.zip 2>/dev/null | tail -1 || true)}
[ -n "$AMO" ] && AMO=$(realpath "$AMO")
# PARTS: which measures to take (default all): convert, load, actors.
PARTS=${PARTS:-convert load actors}

cargo build --release --locked --bins >&2
echo "machine: $(nproc) cores; qe2rdf $("$BIN/qe2rdf" --version | cut -d' ' -f2); $COUNT questions, $RUNS runs"

for form in json xml; do
  "$BIN/qe2rdf-bench" gen --count "$COUNT" --seed 42 -f "$form-zip" -o "$WORK/$form.zip"
  "$BIN/qe2rdf-bench" gen --count "$COUNT" --seed 42 -f "$form-files" -o "$WORK/$form-files"
done
echo "archives: JSON zip $(du -m "$WORK/json.zip" | cut -f1) MB, XML zip $(du -m "$WORK/xml.zip" | cut -f1) MB; unpacked JSON $(du -sm "$WORK/json-files" | cut -f1) MB, XML $(du -sm "$WORK/xml-files" | cut -f1) MB"

declare -A MEDIAN
measure() { # measure NAME COMMAND…: median wall time of RUNS runs (BEFORE runs before each)
  local name=$1; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    [ -n "${BEFORE:-}" ] && eval "$BEFORE"
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2> "$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
  done
  MEDIAN[$name]=$(median "${times[@]}")
  printf '%-36s median %8.2f s   runs: %s\n' "$name" "${MEDIAN[$name]}" "${times[*]}"
}
ratio() { awk -v a="${MEDIAN[$1]}" -v b="${MEDIAN[$2]}" 'BEGIN { printf "%.2f", a / b }'; }

if [[ " $PARTS " == *" convert "* ]]; then
echo
echo "== convert (→ N-Triples)"
for form in json xml; do
  measure "convert $form zip" "$BIN/qe2rdf" convert -q -f ntriples -o "$WORK/out.nt" "$WORK/$form.zip"
  measure "convert $form folder" "$BIN/qe2rdf" convert -q -f ntriples -o "$WORK/out.nt" "$WORK/$form-files"
  echo "  $form: zip / folder = $(ratio "convert $form zip" "convert $form folder")"
done
fi

if [[ " $PARTS " == *" load "* ]]; then
echo
echo "== load (into a new store)"
for form in json xml; do
  BEFORE="rm -rf '$WORK/store'" measure "load $form zip" "$BIN/qe2rdf" load -q --store "$WORK/store" "$WORK/$form.zip"
  BEFORE="rm -rf '$WORK/store'" measure "load $form folder" "$BIN/qe2rdf" load -q --store "$WORK/store" "$WORK/$form-files"
  echo "  $form: zip / folder = $(ratio "load $form zip" "load $form folder")"
done
fi

if [[ " $PARTS " == *" actors "* ]] && [ -n "$AMO" ] && [ -f "$AMO" ]; then
  echo
  echo "== --actors with the AMO archive ($(basename "$AMO"), $(unzip -l "$AMO" | tail -1 | awk '{print $2}') members)"
  mkdir -p "$WORK/amo" && (cd "$WORK/amo" && unzip -q -o "$AMO")
  one=$(find "$WORK/json-files/json" -name "*.json" -print -quit)
  measure "--actors zip" "$BIN/qe2rdf" convert -q -f ntriples -o "$WORK/out.nt" --actors "$AMO" "$one"
  measure "--actors folder" "$BIN/qe2rdf" convert -q -f ntriples -o "$WORK/out.nt" --actors "$WORK/amo" "$one"
  echo "  --actors: zip / folder = $(ratio "--actors zip" "--actors folder")"
fi
