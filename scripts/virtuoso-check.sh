#!/usr/bin/env bash
# Pushes the fixtures into a real Virtuoso and compares its answers with the embedded
# store's, then pushes again and checks that nothing doubled.
#
#   scripts/virtuoso-check.sh [path/to/qe2rdf]
#
# Needs Debian's virtuoso-opensource (virtuoso-t, isql-vt). Virtuoso is started on
# loopback with its own database in a temporary folder and stopped at the end.
set -euo pipefail

cd "$(dirname "$0")/.."
QE2RDF=${1:-target/debug/qe2rdf}
HTTP_PORT=${VIRTUOSO_HTTP_PORT:-18890}
SQL_PORT=${VIRTUOSO_SQL_PORT:-11111}
work=$(mktemp -d)
vpid=""
stop() {
  if [ -n "$vpid" ]; then kill "$vpid" 2> /dev/null || true; wait "$vpid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap stop EXIT
if curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/"; then
  echo "port $HTTP_PORT is taken; set VIRTUOSO_HTTP_PORT"; exit 1
fi

# Virtuoso's own configuration, with every file in $work and both ports on loopback.
sed -e "s|/var/lib/virtuoso-opensource-7/db/|$work/|g" \
    -e "s|^ServerPort *= *1111|ServerPort = 127.0.0.1:$SQL_PORT|" \
    -e "s|^ServerPort *= *8890|ServerPort = 127.0.0.1:$HTTP_PORT|" \
    /etc/virtuoso-opensource-7/virtuoso.ini > "$work/virtuoso.ini"
cd "$work"
virtuoso-t +configfile "$work/virtuoso.ini" +foreground > "$work/out.log" 2>&1 &
vpid=$!
cd - > /dev/null
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/sparql?query=ASK%7B%7D" && break
  sleep 1
done
curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/sparql?query=ASK%7B%7D" \
  || { echo "Virtuoso did not start:"; tail -20 "$work/out.log" "$work/virtuoso.log" 2>/dev/null; exit 1; }
# The Graph Store endpoint runs as the SPARQL user: let it write.
isql-vt "127.0.0.1:$SQL_PORT" dba dba \
  exec="GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);" > /dev/null

store="$work/store"
"$QE2RDF" load --quiet --store "$store" examples tests/data/opendata tests/data/variants
"$QE2RDF" push --store "$store" --to "http://127.0.0.1:$HTTP_PORT/sparql"

# Each query runs on both sides; the answers are compared as sets of rows of values.
compare() {
  local name=$1 sparql=$2
  "$QE2RDF" query --store "$store" --format json --sparql "$sparql" > "$work/ours.json"
  curl -sf -H 'Accept: application/sparql-results+json' --data-urlencode "query=$sparql" \
    "http://127.0.0.1:$HTTP_PORT/sparql" > "$work/theirs.json"
  python3 - "$name" "$work/ours.json" "$work/theirs.json" <<'PY'
import json, sys
name, ours, theirs = sys.argv[1:]
def rows(path):
    data = json.load(open(path))
    variables = data["head"]["vars"]
    out = set()
    for b in data["results"]["bindings"]:
        row = []
        for v in variables:
            term = b.get(v)
            value = term["value"] if term else None
            if term and term.get("datatype", "").endswith(("#integer", "#int", "#long", "#decimal")):
                value = str(int(float(value))) if float(value).is_integer() else value
            row.append(value)
        out.add(tuple(row))
    return out
a, b = rows(ours), rows(theirs)
if not a or a == {("0",)}:
    print(f"{name}: the embedded store has no answer, nothing to compare")
    sys.exit(1)
if a != b:
    print(f"{name}: the answers differ")
    print("  only in the embedded store:", sorted(a - b, key=str)[:5])
    print("  only in Virtuoso:", sorted(b - a, key=str)[:5])
    sys.exit(1)
print(f"{name}: {len(a)} rows, same answers")
PY
}

PREFIXES='PREFIX qe: <https://w3id.org/qe2rdf/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>'
GRAPHS="SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/qe2rdf/id/graph/\")) } GROUP BY ?g"
compare "triples per graph" "$GRAPHS"
compare "questions" "$PREFIXES SELECT ?uid ?type WHERE { ?q a qe:Question ; dcterms:identifier ?uid ; qe:questionType/skos:notation ?type }"
compare "questions per ministry" "$PREFIXES SELECT ?ministry (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a qe:Question ; qe:ministryQuestioned/skos:prefLabel ?ministry } GROUP BY ?ministry"
compare "questions per rubric" "$PREFIXES SELECT ?rubric (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a qe:Question ; dcterms:subject/skos:prefLabel ?rubric } GROUP BY ?rubric"
compare "cited bodies" "$PREFIXES PREFIX schema: <http://schema.org/> SELECT ?uid ?body WHERE { ?q dcterms:identifier ?uid ; schema:mentions/skos:prefLabel ?body }"

# A second push replaces each graph: the counts stay the same.
"$QE2RDF" push --store "$store" --to "http://127.0.0.1:$HTTP_PORT/sparql"
compare "triples per graph after a second push" "$GRAPHS"
compare "triples in all after a second push" "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/qe2rdf/id/graph/\")) }"
echo "virtuoso check passed"
