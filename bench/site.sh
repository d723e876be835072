#!/usr/bin/env bash
# The linked-data site of `qe2rdf serve` on COUNT generated questions: 8 concurrent clients
# follow the IRIs of 100 resources of every kind (question, deputy, ministry, group, rubric,
# cited body, department, legislature) to their page and to their Turtle description for
# SECONDS seconds; p50, p95, p99 per kind, and apart the first request of each document
# (written by the server; the later ones come from its cache of the snapshot).
#
# Usage: bench/site.sh [COUNT] [SECONDS]     (defaults: 100000 questions, 60 s)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-100000}
SECONDS_RUN=${2:-60}
given_work=${WORK:-}
# shellcheck source=bench/common.sh
. bench/common.sh

cargo build --release --locked --bins >&2
echo "machine: $(nproc) cores; qe2rdf $("$BIN/qe2rdf" --version | cut -d' ' -f2); $COUNT questions, 8 clients, $SECONDS_RUN s"
"$BIN/qe2rdf-bench" gen --count "$COUNT" --seed 42 -f json -o "$WORK/corpus.json"
rm -rf "$WORK/store"
"$BIN/qe2rdf" load -q --store "$WORK/store" "$WORK/corpus.json"
"$BIN/qe2rdf" serve --store "$WORK/store" --bind 127.0.0.1:17991 --quiet &
server=$!
trap 'kill $server 2>/dev/null || true; [ -n "$given_work" ] || rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:17991/void && break; sleep 0.2; done
"$BIN/qe2rdf-bench" site-load-test --url http://127.0.0.1:17991 --clients 8 --seconds "$SECONDS_RUN" --per-kind 100
