#!/usr/bin/env bash
# The search index on COUNT generated questions: what indexing adds to `load` (a load with
# the index against one with --no-index, medians of RUNS runs), then the latency of searches
# (p50, p95 of 50 runs each, in one process: `qe2rdf-bench search-latency`).
#
# Usage: bench/search.sh [COUNT] [RUNS]     (defaults: 100000 questions, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-100000}
RUNS=${2:-3}
# shellcheck source=bench/common.sh
. bench/common.sh

cargo build --release --locked --bins >&2
echo "machine: $(nproc) cores; qe2rdf $("$BIN/qe2rdf" --version | cut -d' ' -f2); $COUNT questions, $RUNS runs"
"$BIN/qe2rdf-bench" gen --count "$COUNT" --seed 42 -f json -o "$WORK/corpus.json"

timed() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2> "$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
with=(); without=()
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/plain"; without+=("$(timed "$BIN/qe2rdf" load -q --no-index --store "$WORK/plain" "$WORK/corpus.json")")
  rm -rf "$WORK/store"; with+=("$(timed "$BIN/qe2rdf" load -q --store "$WORK/store" "$WORK/corpus.json")")
done
a=$(median "${with[@]}"); b=$(median "${without[@]}")
echo "load with the search index     median $a s   runs: ${with[*]}"
echo "load with --no-index           median $b s   runs: ${without[*]}"
echo "indexing adds $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", (a / b - 1) * 100 }') % to load; index $(du -sm "$WORK/store/qe2rdf-search" | cut -f1) MB beside a store of $(du -sm --exclude=qe2rdf-search "$WORK/store" | cut -f1) MB"
rebuild=$(timed "$BIN/qe2rdf" index --rebuild --store "$WORK/plain")
echo "index --rebuild from the store: $rebuild s"
echo
"$BIN/qe2rdf-bench" search-latency --store "$WORK/store" --runs 50
