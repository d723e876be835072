#!/usr/bin/env bash
# Corpus check: the real public samples (seed, saved pages, open-data JSON, legacy XML,
# page excerpts) read with the built binary.
#
# Usage: BIN=path/to/qe2rdf SHARED=path/to/shared scripts/corpus-check.sh
set -euo pipefail

BIN=${BIN:-target/debug/qe2rdf}
SHARED=${SHARED:-../shared}
[ -x "$BIN" ] || { echo "corpus check: no binary at $BIN" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[ -d "$SHARED/seed" ] || { echo "corpus check: no samples at $SHARED" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
pass() { echo "ok    $*"; }

ID=https://w3id.org/qe2rdf/id
QE=https://w3id.org/qe2rdf/ontology#
VOCAB=https://w3id.org/qe2rdf/vocab
DC=http://purl.org/dc/terms/
XSD=http://www.w3.org/2001/XMLSchema#
SKOS=http://www.w3.org/2004/02/skos/core#
Q="<$ID/question/16/QE/13417>"

echo "== the seed question"
"$BIN" convert -q -f ntriples "$SHARED/seed/question-16-QE-13417.txt" > "$work/seed.nt"
has() { # has WHAT SUBJECT PREDICATE OBJECT-PREFIX
  if grep -F -- "$2 $3 $4" "$work/seed.nt" > /dev/null; then pass "$1"; else fail "$1: no triple $2 $3 $4…"; fi
}
node() { grep -F -- "$Q $1 " "$work/seed.nt" | head -1 | sed -E "s/^.* $(printf '%s' "$1" | sed 's/[][\/.^$*]/\\&/g') (<[^>]*>) \.$/\1/"; }
has "type" "$Q" "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" "<${QE}WrittenQuestion>"
has "uid" "$Q" "<${DC}identifier>" "\"QANR5L16QE13417\""
has "number" "$Q" "<${QE}number>" "\"13417\"^^<${XSD}integer>"
has "legislature" "$Q" "<${QE}legislature>" "<$ID/legislature/16>"
has "legislature number" "<$ID/legislature/16>" "<${QE}number>" "\"16\"^^<${XSD}integer>"
author=$(node "<${DC}creator>")
has "author name" "$author" "<http://xmlns.com/foaf/0.1/name>" "\"Jérôme Guedj\""
has "author civility" "$author" "<http://schema.org/honorificPrefix>" "\"M.\""
group=$(node "<${QE}authorGroup>")
has "group label" "$group" "<${SKOS}prefLabel>" "\"Socialistes et apparentés"
place=$(node "<${QE}authorConstituency>")
has "department" "$place" "<${SKOS}prefLabel>" "\"Essonne\"@fr"
questioned=$(node "<${QE}ministryQuestioned>")
has "ministry questioned" "$questioned" "<${SKOS}prefLabel>" "\"Intérieur et outre-mer\"@fr"
assigned=$(node "<${QE}ministryAssigned>")
has "ministry assigned" "$assigned" "<${SKOS}prefLabel>" "\"Intérieur et outre-mer\"@fr"
rubric=$(node "<${DC}subject>")
has "rubric" "$rubric" "<${SKOS}prefLabel>" "\"droits fondamentaux\"@fr"
has "analysis heading" "$Q" "<${QE}analysisHeading>" "\"Sécurité et police : généralisation des systèmes de vidéosurveillance\"@fr"
has "publication date" "$Q" "<${DC}issued>" "\"2023-12-05\"^^<${XSD}date>"
has "change of attribution" "$Q" "<${QE}attributionChanged>" "\"2024-01-12\"^^<${XSD}date>"
has "withdrawal" "$Q" "<${QE}closureType>" "<$VOCAB/cloture/retiree>"
has "withdrawal date" "$Q" "<${QE}closureDate>" "\"2024-06-11\"^^<${XSD}date>"
has "withdrawal reason" "$Q" "<${QE}closureReason>" "<$VOCAB/motif-cloture/fin-de-mandat>"
has "reason label" "<$VOCAB/motif-cloture/fin-de-mandat>" "<${SKOS}prefLabel>" "\"fin de mandat\"@fr"
has "question text" "$Q" "<http://schema.org/text>" "\"M. Jérôme Guedj interroge M. le ministre"
cited=$(grep -F -- "$Q <http://schema.org/mentions> " "$work/seed.nt" | sed -E 's/.*<[^>]*\/entite\/([^>]*)> \.$/\1/' | sort | tr '\n' ' ')
if [ "$cited" = "briefcam cnil disclose " ]; then pass "cited bodies: $cited"; else fail "cited bodies: got '$cited', expected 'briefcam cnil disclose'"; fi

echo "== the seed question in the store, through bundled queries"
"$BIN" load -q --store "$work/store" "$SHARED/seed/question-16-QE-13417.txt"
if "$BIN" query deputy-questions --param name=guedj -f csv --store "$work/store" | grep -q "QANR5L16QE13417"; then pass "deputy-questions"; else fail "deputy-questions"; fi
if "$BIN" query questions-citing-body --param body=CNIL -f csv --store "$work/store" | grep -q "QANR5L16QE13417"; then pass "questions-citing-body"; else fail "questions-citing-body"; fi

echo "== every real sample converts without error"
convert_all() { # convert_all LABEL PATH…
  local label=$1; shift
  if "$BIN" convert -q -f nquads -o "$work/$label.nq" "$@" 2> "$work/$label.err"; then
    pass "$label: $(cut -d' ' -f4 "$work/$label.nq" | grep -c '/graph/question/' || true) quads in question graphs"
  else
    fail "$label"; cat "$work/$label.err"
  fi
}
convert_all seed "$SHARED/seed"
convert_all html "$SHARED/samples/html"
convert_all html-unwrapped "$SHARED/samples/other/derived_unwrapped_html"
convert_all json "$SHARED/samples/json"
convert_all json-with-actors --actors "$SHARED/samples/json/acteurs_organes" "$SHARED/samples/json"
convert_all xml "$SHARED/samples/xml"
convert_all page-excerpts "$SHARED/samples/other/pages_excerpts"

echo "== the open data's XML twin: the same facts as the JSON"
mkdir -p "$work/twin/json" "$work/twin/xml"
for f in "$SHARED"/samples/json/*.json; do
  base=$(basename "$f" .json)
  cp "$f" "$work/twin/json/$base.json"
  python3 scripts/json-to-xml.py "$f" "$work/twin/xml/$base.xml"
done
# Facts only: the source document's own description (format, digest, name) set aside.
facts() { grep -v -e '/source> ' -e '/conversion> ' -e '^<[^>]*/format-source/' "$1" | sort; }
"$BIN" convert -q -f ntriples -o "$work/twin-json.nt" "$work/twin/json"
"$BIN" convert -q -f ntriples -o "$work/twin-xml.nt" "$work/twin/xml"
if [ -s "$work/twin-json.nt" ] && diff <(facts "$work/twin-json.nt") <(facts "$work/twin-xml.nt") > "$work/twin.diff"; then
  pass "XML twin of $(ls "$work/twin/xml" | wc -l) JSON samples: $(facts "$work/twin-xml.nt" | wc -l) same triples"
else
  fail "XML twin differs from the JSON:"; head -20 "$work/twin.diff"
fi
if grep -q "format-source/open-data-xml" "$work/twin-xml.nt"; then pass "XML twin recorded as open-data XML"; else fail "XML twin source format"; fi

echo "== archives of one document per question read as the same files unpacked"
(cd "$work/twin" && python3 -c 'import sys, zipfile, os
for form in ("json", "xml"):
    with zipfile.ZipFile(f"{form}.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(form)):
            z.write(os.path.join(form, name), f"{form}/{name}")')
for form in json xml; do
  "$BIN" convert -q -f ntriples -o "$work/zip-$form.nt" "$work/twin/$form.zip"
  "$BIN" convert -q -f ntriples -o "$work/dir-$form.nt" "$work/twin/$form"
  if diff <(facts "$work/zip-$form.nt") <(facts "$work/dir-$form.nt") > /dev/null; then
    pass "$form zip = $form folder"
  else
    fail "$form zip differs from its folder"
  fi
  if grep -q "sourceMember> \"$form/" "$work/zip-$form.nt"; then pass "$form zip members named in the provenance"; else fail "$form zip member names"; fi
done

echo "== provenance: no path of this machine, the same output from any working directory"
"$BIN" convert -q -f ntriples "$work/twin/json" > "$work/abs.nt"
(cd "$work" && "$BIN" convert -q -f ntriples twin/json) > "$work/rel.nt"
if cmp -s "$work/abs.nt" "$work/rel.nt"; then pass "same bytes from two working directories"; else fail "output depends on the working directory"; fi
if grep -qF "$work" "$work/abs.nt"; then fail "an absolute path of this machine is in the output"; else pass "no absolute path in the output"; fi

echo "== the AMO reference data: --actors on the official archive, and linking coverage"
AMO=$(ls "$SHARED"/reference/AMO*.json.zip 2>/dev/null | tail -1)
if [ -n "$AMO" ]; then
  start=$(date +%s.%N)
  "$BIN" convert -q -f ntriples -o "$work/amo.nt" --actors "$AMO" "$SHARED/samples/json"
  end=$(date +%s.%N)
  pass "--actors $(basename "$AMO"): $(python3 -c "print(f'{$end - $start:.1f}')") s"
  BENCH=${BENCH:-$(dirname "$BIN")/qe2rdf-bench}
  if [ -x "$BENCH" ]; then
    "$BENCH" link-coverage --amo "$AMO" > "$work/coverage.md"
    cat "$work/coverage.md"
    # Every cell of legislatures 12-17 links at least 95 % of the reference data.
    low=$(grep -E '^\| 1[2-7] ' "$work/coverage.md" | grep -oE '\(([0-9.]+) %\)' | tr -d '(%)' | awk '$1 < 95' | wc -l)
    if [ "$low" -eq 0 ]; then pass "linking coverage at least 95 % everywhere"; else fail "linking coverage under 95 % in $low cells"; fi
  else
    fail "no qe2rdf-bench beside $BIN for the linking coverage"
  fi
else
  fail "no AMO archive in $SHARED/reference"
fi

echo "== fields filled over the real samples"
"$BIN" parse -q --coverage "$SHARED/seed" "$SHARED/samples/html" "$SHARED/samples/other/derived_unwrapped_html" "$SHARED/samples/json" "$SHARED/samples/xml" "$SHARED/samples/other/pages_excerpts"

if [ "$failures" -gt 0 ]; then
  echo "corpus check: $failures failure(s)"
  exit 1
fi
echo "corpus check: all passed"
