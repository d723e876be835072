#!/usr/bin/env bash
# Times every bundled query on a store of COUNT generated questions: the median wall time
# of RUNS runs of `qe2rdf query NAME` (process start, store opening and output included),
# then again with the parameters of the query's documented example, if it has some.
#
# Usage: bench/queries.sh [COUNT] [RUNS]        (defaults: 100000 questions, 3 runs)
# The store is kept in $WORK (default: a temporary folder) so that a second run can reuse
# it: WORK=/some/dir bench/queries.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${1:-100000}
RUNS=${2:-3}
# shellcheck source=bench/common.sh
. bench/common.sh
cargo build --release --locked --bins >&2

store="$WORK/store-$COUNT"
if [ ! -d "$store" ]; then
  "$BIN/qe2rdf-bench" gen --count "$COUNT" --seed 42 -f json -o "$WORK/corpus-$COUNT.json"
  /usr/bin/time -f "load of $COUNT questions: %e s, peak %M KB" \
    "$BIN/qe2rdf" load -q --store "$store" "$WORK/corpus-$COUNT.json"
fi
# A deputy, a phrase and a question that are in the generated corpus.
uid=$("$BIN/qe2rdf" query --store "$store" -f tsv --sparql \
  'SELECT ?u WHERE { ?q <http://purl.org/dc/terms/identifier> ?u FILTER(STRSTARTS(?u, "QANR5L")) } LIMIT 1' |
  sed -n '2p' | tr -d '"')
name=$("$BIN/qe2rdf" query --store "$store" -f tsv --sparql \
  'SELECT ?n WHERE { ?d a <https://w3id.org/qe2rdf/ontology#Deputy> ; <http://xmlns.com/foaf/0.1/familyName> ?n } LIMIT 1' |
  sed -n '2p' | tr -d '"')

params() {
  case $1 in
    deputy-questions) echo "--param name=$name" ;;
    full-text-search) echo "--param text=commune" ;;
    question-graph) echo "--param uid=$uid" ;;
    questions-citing-body) echo "--param body=CNIL" ;;
    *) echo "" ;;
  esac
}

# The parameters of a query's documented example (`# example: qe2rdf query NAME …`), its
# output format left out (the timing writes TSV).
example() {
  sed -n "s/^# example: qe2rdf query $1 *//p" "queries/$1.rq" | sed -E 's/ ?(-f|--format) [a-z-]+//'
}

# time LABEL QUERY ARGS…: runs the query RUNS times, prints the median and the rows.
time_query() {
  local label=$1 q=$2 times=()
  shift 2
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e" -o "$WORK/t" "$BIN/qe2rdf" query --store "$store" -f tsv "$q" "$@" > "$WORK/out"
    times+=("$(cat "$WORK/t")")
  done
  median=$(median "${times[@]}")
  rows=$(($(wc -l < "$WORK/out") - 1))
  printf '%-48s %10s %8s   %s\n' "$label" "$median" "$rows" "${times[*]}"
  slowest=$(awk -v a="$slowest" -v b="$median" 'BEGIN { print (b > a ? b : a) }')
}

printf '%-48s %10s %8s   %s\n' "query ($COUNT questions)" "median s" "rows" "runs"
slowest=0
for q in $("$BIN/qe2rdf" queries | awk '{print $1}'); do
  # shellcheck disable=SC2046
  time_query "$q" "$q" $(params "$q")
  # With the parameters of its documented example, when it has some.
  args=$(example "$q")
  if [ -n "$args" ]; then
    eval "set -- $args"
    time_query "  example: $args" "$q" "$@"
  fi
done
echo "slowest median: $slowest s (target: under 1 s)"
