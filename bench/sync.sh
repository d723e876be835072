#!/usr/bin/env bash
# `qe2rdf sync` on the Assembly's archive of one document per question, served from loopback
# by a server that always answers 200 with the whole file (it ignores conditional requests,
# as a worst case): the first sync of COUNT questions, then a sync of the same bytes, then
# syncs of a snapshot where 100 questions changed. Prints medians of RUNS runs.
#
# Usage: bench/sync.sh [COUNT] [RUNS]     (defaults: 40000 questions, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-40000}
RUNS=${2:-3}
# shellcheck source=bench/common.sh
. bench/common.sh

cargo build --release --locked --bins >&2
echo "machine: $(nproc) cores; qe2rdf $("$BIN/qe2rdf" --version | cut -d' ' -f2); $COUNT questions, $RUNS runs"

"$BIN/qe2rdf-bench" gen --count "$COUNT" --seed 42 -f json-zip -o "$WORK/v1.zip"
# The next snapshot: 100 questions whose text changed, every other member as it was.
python3 - "$WORK/v1.zip" "$WORK/v2.zip" <<'PY'
import json, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
    for i, name in enumerate(z.namelist()):
        data = z.read(name)
        if i % (len(z.namelist()) // 100) == 0 and i // (len(z.namelist()) // 100) < 100:
            doc = json.loads(data)
            q = doc["question"]
            texts = q.get("textesQuestion") or {"texteQuestion": {"infoJO": None, "texte": "", "erratum": None}}
            q["textesQuestion"] = texts
            texts["texteQuestion"]["texte"] = (texts["texteQuestion"].get("texte") or "") + "<p>Complément.</p>"
            data = json.dumps(doc, ensure_ascii=False).encode()
        out.writestr(name, data)
PY
echo "archive: $(du -m "$WORK/v1.zip" | cut -f1) MB"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp "$WORK/v1.zip" "$WORK/served.zip"
python3 - "$WORK/served.zip" "$port" <<'PY' &
import http.server, sys
path, port = sys.argv[1], int(sys.argv[2])
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        data = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
PY
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 1
URL="http://127.0.0.1:$port/17/questions/questions_ecrites/Questions_ecrites.json.zip"

timed() { # timed COMMAND…: prints the wall time, keeps the summary line
  local start end
  start=$(date +%s.%N)
  "$@" 2> "$WORK/stderr" > /dev/null || { cat "$WORK/stderr"; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

echo
printf 'load of the same archive (peer) %8.2f s\n' "$(timed "$BIN/qe2rdf" load -q --store "$WORK/peer" "$WORK/v1.zip")"
rm -rf "$WORK/peer"
printf 'first sync (%s new)        %8.2f s\n' "$COUNT" "$(timed "$BIN/qe2rdf" sync -q --store "$WORK/store" "$URL")"
grep -h "sync:" "$WORK/stderr" || "$BIN/qe2rdf" sync --list --store "$WORK/store"
times=()
for _ in $(seq "$RUNS"); do times+=("$(timed "$BIN/qe2rdf" sync --store "$WORK/store" "$URL")"); done
echo "same bytes again           median $(median "${times[@]}") s   runs: ${times[*]}   ($(grep -ho 'sync: [^,]*, [^,]*, [^,]*' "$WORK/stderr"))"
times=()
for _ in $(seq "$RUNS"); do
  cp "$WORK/v2.zip" "$WORK/served.zip"
  times+=("$(timed "$BIN/qe2rdf" sync --store "$WORK/store" "$URL")")
  cp "$WORK/v1.zip" "$WORK/served.zip"
  times+=("$(timed "$BIN/qe2rdf" sync --store "$WORK/store" "$URL")")
done
echo "100 questions changed      median $(median "${times[@]}") s   runs: ${times[*]}   ($(grep -ho 'sync: [^,]*, [^,]*, [^,]*' "$WORK/stderr"))"
