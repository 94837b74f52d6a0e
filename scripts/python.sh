#!/usr/bin/env bash
# python.sh measures the Python lesson beside the Go styles, against one
# simulated site, in one run:
#
#   scripts/python.sh                          # 6 rounds into results/local/python-<UTC time>.txt
#   COUNT=10 scripts/python.sh results/x.txt   # more rounds, another file
#
# Environment: COUNT (rounds, default 6), PAGES (100), LATENCY (50ms),
# SIZE (16384 bytes a page). It starts cmd/fetchsite on 127.0.0.1, and in
# each round runs `fetchbench -format bench -style all` and then the three
# versions in docs/python against the same URL list, so that a slow minute
# falls on every one of them. The Python times become benchmark lines of
# the same shape as fetchbench's, and benchstat tabulates them all.
#
# It needs Debian's python3 with aiohttp, bs4 and lxml (/usr/bin/python3:
# a pyenv or venv python may lack them), and installs python3-aiohttp,
# python3-bs4 and python3-lxml with apt-get if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-results/local/python-$(date -u +%F-%H%M%S).txt}
count=${COUNT:-6}
pages=${PAGES:-100}
latency=${LATENCY:-50ms}
size=${SIZE:-16384}
py=/usr/bin/python3

if ! "$py" -c 'import aiohttp, bs4, lxml' 2>/dev/null; then
  echo "installing python3-aiohttp python3-bs4 python3-lxml with apt-get" >&2
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get install -y python3-aiohttp python3-bs4 python3-lxml >&2
fi

tmp=$(mktemp -d)
site_pid=
cleanup() {
  if [ -n "$site_pid" ]; then kill -INT "$site_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
go build -o "$tmp/fetchsite" ./cmd/fetchsite
go build -o "$tmp/fetchbench" ./cmd/fetchbench

# The site prints its list URL on its first line, and serves until Ctrl-C.
exec 3< <(exec "$tmp/fetchsite" -pages "$pages" -latency "$latency" -size "$size")
site_pid=$!
read -r list <&3
"$py" -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$list" >"$tmp/urls.txt"
host=${list#http://}
host=${host%%/*}

mkdir -p "$(dirname "$out")"
{
  echo "# fetchbench: the Python lesson beside the Go styles, on one simulated site"
  echo "# date: $(date -u '+%F %T UTC')"
  echo "# command: COUNT=$count PAGES=$pages LATENCY=$latency SIZE=$size scripts/python.sh $out"
  echo "# site: go run ./cmd/fetchsite -pages $pages -latency $latency -size $size ($pages pages on 127.0.0.1, $latency each, about $size bytes each)"
  echo "# each round: fetchbench -format bench -style all -limit $pages -f URLS, then"
  echo "#   $py docs/python/blocking.py URLS, async_per_url.py URLS, async_shared.py URLS"
  echo "# commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!results' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "# go: $(go version)"
  echo "# python: $("$py" -c 'import sys, aiohttp, bs4, lxml.etree as e; print(sys.version.split()[0], "aiohttp", aiohttp.__version__, "bs4", bs4.__version__, "lxml", ".".join(map(str, e.LXML_VERSION)))')"
  echo "# machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$tmp/head.txt"

# pyline turns a Python version's "pages=N scripts=S errors=E seconds=T" into a benchmark line.
pyline() {
  local style=$1 line p s e t
  line=$("$py" "docs/python/$style.py" "$tmp/urls.txt")
  read -r p s e t <<<"$(echo "$line" | sed 's/[a-z]*=//g')"
  awk -v name="BenchmarkFetch/site=$host/pages=$p/limit=$pages/style=python-${style//_/-}" \
    -v p="$p" -v s="$s" -v e="$e" -v t="$t" \
    'BEGIN { printf "%s\t1\t%.0f ns/op\t%.2f pages/s\t%d scripts\t%d errors\n", name, t*1e9, p/t, s, e }'
}

start=$SECONDS
for i in $(seq "$count"); do
  echo "# round $i of $count: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$tmp/raw.txt"
  # fetchbench exits 1 if a page failed: the errors column shows it, and the run goes on.
  "$tmp/fetchbench" -format bench -style all -limit "$pages" -f "$tmp/urls.txt" >>"$tmp/raw.txt" || true
  for style in blocking async_per_url async_shared; do
    pyline "$style" >>"$tmp/raw.txt"
  done
  echo "round $i of $count done after $((SECONDS - start))s" >&2
done
echo "# done after $((SECONDS - start))s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$tmp/raw.txt"

# The table: one row per style. (benchstat prints no "vs base" with one column.)
spec="-filter '.unit:(sec/op OR scripts)' -row /style -col /pages"
{
  cat "$tmp/head.txt"
  echo "# every page holds 1 to 4 scripts: $pages pages hold $("$py" -c "print(sum(1 + i % 4 for i in range($pages)))") (fetchtest.WantTotal)"
  echo
  cat "$tmp/raw.txt"
  echo
  echo "## go tool benchstat $spec $out"
  echo
  eval "go tool benchstat $spec $tmp/raw.txt"
} >"$out"
echo "wrote $out" >&2
