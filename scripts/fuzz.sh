#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for a bounded time, seeded with the repository's own
# fixtures, and keeps each crash found in fuzz/regressions/<target>/ (replayed by
# `cargo test` from then on).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]
#
# cargo fuzz needs a nightly compiler's flags; RUSTC_BOOTSTRAP=1 lets the stable one accept
# them. The fuzz build has no RocksDB (the library's `rocksdb` feature is off).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text json xml opendata_xml html roundtrip)
command -v cargo-fuzz > /dev/null || cargo install --locked cargo-fuzz@0.13.1
export RUSTC_BOOTSTRAP=1

seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    text | roundtrip) cp examples/*.txt tests/data/variants/*.txt "$dir/" 2> /dev/null || true ;;
    json) cp tests/data/opendata/*.json tests/data/variants/*.json "$dir/" 2> /dev/null || true ;;
    xml) cp tests/data/opendata/*.xml tests/data/variants/*.xml "$dir/" 2> /dev/null || true ;;
    opendata_xml) cp tests/data/opendata-xml/*.xml "$dir/" 2> /dev/null || true ;;
    html) cp tests/data/variants/*.htm* "$dir/" 2> /dev/null || true ;;
  esac
}

status=0
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "fuzz/artifacts/$target" "fuzz/regressions/$target"
  echo "== $target: $seconds s"
  if ! cargo fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="fuzz/artifacts/$target/" 2>&1 | tail -n 5; then
    status=1
  fi
  for crash in fuzz/artifacts/"$target"/*; do
    [ -e "$crash" ] || continue
    echo "crash kept as a regression: fuzz/regressions/$target/$(basename "$crash")"
    mv "$crash" "fuzz/regressions/$target/"
    status=1
  done
done
exit $status
