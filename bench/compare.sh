#!/usr/bin/env bash
# Side-by-side comparison of qe2rdf with what a user would use instead, on one generated
# corpus, in one run. Prints the median wall time of RUNS runs for each contender, its peak
# memory, and the ratios the targets of BENCHMARKS.md are about.
#
# Usage: bench/compare.sh [COUNT] [RUNS]        (defaults: 50000 questions, 3 runs)
# Needs: a release build (done here), python3 with rdflib and pyoxigraph (installed here
# with pip if missing), GNU time. WORK=DIR keeps the corpora and outputs in DIR (default: a
# temporary folder, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${1:-50000}
RUNS=${2:-3}
# shellcheck source=bench/common.sh
. bench/common.sh

python3 -c "import rdflib, pyoxigraph" 2>/dev/null || python3 -m pip install --quiet rdflib pyoxigraph
[ -x /usr/bin/time ] || { echo "GNU time is needed (apt-get install time)"; exit 2; }

cargo build --release --locked --bins >&2
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; qe2rdf $("$BIN/qe2rdf" --version | cut -d' ' -f2); python $(python3 -c 'import sys; print(sys.version.split()[0])'), rdflib $(python3 -c 'import rdflib; print(rdflib.__version__)'), pyoxigraph $(python3 -c 'import pyoxigraph; print(pyoxigraph.__version__)' 2>/dev/null || echo '?')"

"$BIN/qe2rdf-bench" gen --count "$COUNT" --seed 42 -f text -o "$WORK/corpus.txt"
"$BIN/qe2rdf-bench" gen --count "$COUNT" --seed 42 -f json -o "$WORK/corpus.json"
echo "corpus: $COUNT questions, text $(du -m "$WORK/corpus.txt" | cut -f1) MB, JSON $(du -m "$WORK/corpus.json" | cut -f1) MB"

declare -A MEDIAN RSS
# measure NAME COMMAND… : runs the command RUNS times, keeps the median wall time and the
# largest peak RSS.
measure() {
  local name=$1; shift
  local times=() rss=0
  for _ in $(seq "$RUNS"); do
    [ -n "${BEFORE:-}" ] && eval "$BEFORE"
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > /dev/null 2> "$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
    read -r t m < "$WORK/time"
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  MEDIAN[$name]=$(median "${times[@]}")
  RSS[$name]=$((rss / 1024))
  printf '%-34s median %8.2f s   peak %6d MB   runs: %s\n' "$name" "${MEDIAN[$name]}" "${RSS[$name]}" "${times[*]}"
}
ratio() { awk -v a="${MEDIAN[$1]}" -v b="${MEDIAN[$2]}" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "== convert (classic page text → N-Triples unless said)"
measure "qe2rdf convert -f ntriples" "$BIN/qe2rdf" convert -q -f ntriples "$WORK/corpus.txt" -o "$WORK/qe2rdf.nt"
measure "qe2rdf convert -f turtle" "$BIN/qe2rdf" convert -q -f turtle "$WORK/corpus.txt" -o "$WORK/qe2rdf.ttl"
measure "qe2rdf convert --threads 1" "$BIN/qe2rdf" convert -q --threads 1 -f ntriples "$WORK/corpus.txt" -o "$WORK/qe2rdf1.nt"
measure "qe2rdf convert (JSON dump)" "$BIN/qe2rdf" convert -q -f ntriples "$WORK/corpus.json" -o "$WORK/qe2rdf-json.nt"
measure "qe2rdf convert (JSON dump) --threads 1" "$BIN/qe2rdf" convert -q --threads 1 -f ntriples "$WORK/corpus.json" -o "$WORK/qe2rdf-json1.nt"
measure "python rdflib script" python3 bench/rdflib_convert.py "$WORK/corpus.txt" "$WORK/rdflib.nt"
measure "python pyoxigraph script" python3 bench/pyoxigraph_convert.py "$WORK/corpus.txt" "$WORK/pyoxigraph.nt"
measure "oxigraph alone: nt → nt" "$BIN/qe2rdf-bench" rdf-io "$WORK/qe2rdf.nt" --to ntriples -o "$WORK/io.nt"
measure "oxigraph alone: nt → turtle" "$BIN/qe2rdf-bench" rdf-io "$WORK/qe2rdf.nt" --to turtle -o "$WORK/io.ttl"
echo "triples written: qe2rdf $(wc -l < "$WORK/qe2rdf.nt"), rdflib $(wc -l < "$WORK/rdflib.nt"), pyoxigraph $(wc -l < "$WORK/pyoxigraph.nt")"

echo
echo "== load (the same quads)"
"$BIN/qe2rdf" convert -q -f nquads "$WORK/corpus.txt" -o "$WORK/corpus.nq"
BEFORE="rm -rf '$WORK/store1' '$WORK/store2'"
measure "qe2rdf load --no-compact" "$BIN/qe2rdf" load -q --no-compact --store "$WORK/store1" "$WORK/corpus.txt"
measure "qe2rdf load (then compacts)" "$BIN/qe2rdf" load -q --store "$WORK/store1" "$WORK/corpus.txt"
measure "oxigraph bulk load of the quads" "$BIN/qe2rdf-bench" bulk-load "$WORK/corpus.nq" --store "$WORK/store2"
unset BEFORE

echo
echo "== memory: peak RSS of convert (two threads) as the corpus grows"
for n in ${MEMORY_COUNTS:-20000 200000}; do
  for format in text json; do
    "$BIN/qe2rdf-bench" gen --count "$n" --seed 7 -f "$format" -o "$WORK/mem.$format"
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN/qe2rdf" convert -q -f ntriples "$WORK/mem.$format" -o /dev/null
    read -r t m < "$WORK/time"
    printf '%-34s %8.2f s   peak %6d MB\n' "convert $n questions ($format)" "$t" $((m / 1024))
    rm -f "$WORK/mem.$format"
  done
done

echo
echo "== ratios"
echo "rdflib / qe2rdf convert (target ≥ 50):          $(ratio "python rdflib script" "qe2rdf convert -f ntriples")"
echo "pyoxigraph / qe2rdf convert (target ≥ 10):      $(ratio "python pyoxigraph script" "qe2rdf convert -f ntriples")"
echo "qe2rdf convert / oxigraph nt→nt (target ≤ 2):   $(ratio "qe2rdf convert -f ntriples" "oxigraph alone: nt → nt")"
echo "qe2rdf turtle / oxigraph nt→turtle (≤ 2):       $(ratio "qe2rdf convert -f turtle" "oxigraph alone: nt → turtle")"
echo "qe2rdf load / oxigraph bulk load (target ≤ 1.3): $(ratio "qe2rdf load --no-compact" "oxigraph bulk load of the quads")"
echo "1 thread / 2 threads (target ≥ 1.7):            $(ratio "qe2rdf convert --threads 1" "qe2rdf convert -f ntriples")"
echo "the same, JSON dump:                            $(ratio "qe2rdf convert (JSON dump) --threads 1" "qe2rdf convert (JSON dump)")"
per_second() { awk -v n="$2" -v t="${MEDIAN[$1]}" 'BEGIN { printf "%.0f", n / t }'; }
echo "triples per second: qe2rdf $(per_second "qe2rdf convert -f ntriples" "$(wc -l < "$WORK/qe2rdf.nt")"), rdflib $(per_second "python rdflib script" "$(wc -l < "$WORK/rdflib.nt")"), pyoxigraph $(per_second "python pyoxigraph script" "$(wc -l < "$WORK/pyoxigraph.nt")")"
