#!/usr/bin/env bash
# python.sh measures the Python lesson beside the Go styles, against one
# simulated site, in one run:
#
#   scripts/python.sh                          # 6 rounds into results/local/python-<UTC time>.txt
#   COUNT=20 scripts/python.sh results/x.txt   # more rounds, another file
#   scripts/python.sh -which                   # only print the Python it would use
#
# Environment: COUNT (rounds, default 6), PAGES (100), LATENCY (50ms),
# SIZE (16384 bytes a page), PYTHON (an interpreter to try first), IDLE
# (a percentage: if set, fetchbench and each Python program wait, up to 30 s,
# until the CPUs were at least that idle over the last second, for a machine
# shared with others; a "# idle" line before each result says what it found). It starts
# cmd/fetchsite on 127.0.0.1, and in
# each round runs `fetchbench -format bench -style all` and then the three
# versions in docs/python against the same URL list, so that a slow minute
# falls on every one of them. The Python times become benchmark lines of
# the same shape as fetchbench's, and benchstat tabulates them all. Once,
# docs/python/parsers.py counts the scripts with each of bs4's parsers.
#
# The programs need aiohttp, bs4, lxml and html5lib. The first interpreter
# that has all four is used: $PYTHON, then python3 on the PATH (which may be
# a pyenv or venv Python without them), then Debian's /usr/bin/python3. If
# none has them, it says which module each one lacks, and how to install.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(aiohttp bs4 lxml html5lib)

# find_python prints the first interpreter that imports every module, and
# on stderr, for each one before it, the modules it lacks.
find_python() {
  local py exe missing
  for py in ${PYTHON:-} python3 /usr/bin/python3; do
    if ! exe=$("$py" -c 'import sys; print(sys.executable)' 2>/dev/null); then
      echo "python.sh: $py: not found" >&2
      continue
    fi
    missing=$("$exe" -c 'import importlib.util, sys
print(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))' "${modules[@]}")
    if [ -z "$missing" ]; then
      echo "$exe"
      return 0
    fi
    echo "python.sh: $py ($exe) has no module ${missing// /, }" >&2
  done
  echo "python.sh: no Python has ${modules[*]}. Install them with" >&2
  echo "  apt-get install python3-aiohttp python3-bs4 python3-lxml python3-html5lib   (for /usr/bin/python3)" >&2
  echo "  python3 -m pip install -r docs/python/requirements.txt                      (for another python3)" >&2
  return 1
}

py=$(find_python) || exit 1
if [ "${1:-}" = "-which" ]; then
  echo "$py"
  exit 0
fi

out=${1:-results/local/python-$(date -u +%F-%H%M%S).txt}
count=${COUNT:-6}
pages=${PAGES:-100}
latency=${LATENCY:-50ms}
size=${SIZE:-16384}
idle=${IDLE:-}

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

load() { cut -d' ' -f1-3 /proc/loadavg; }

# idleness prints how idle the CPUs were over the last second, in percent.
idleness() {
  local a b
  a=$(head -1 /proc/stat)
  sleep 1
  b=$(head -1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {
    n = split(a, x); split(b, y)
    # user nice system idle iowait irq softirq steal (guest is in user already)
    for (i = 2; i <= 9 && i <= n; i++) { d = y[i] - x[i]; total += d; if (i == 5 || i == 6) idle += d }
    printf "%d", total ? 100 * idle / total : 100 }'
}

# quiet waits, if IDLE is set, until the CPUs were IDLE% idle over the last
# second, or 30 s have passed, and writes a line saying which to the raw file.
quiet() {
  [ -n "$idle" ] || return 0
  local waited=0 now
  now=$(idleness)
  while [ "$now" -lt "$idle" ] && [ $waited -lt 30 ]; do
    sleep 2
    waited=$((waited + 3))
    now=$(idleness)
  done
  echo "# idle ${now}% after waiting ${waited}s" >>"$tmp/raw.txt"
}
mkdir -p "$(dirname "$out")"
{
  echo "# fetchbench: the Python lesson beside the Go styles, on one simulated site"
  echo "# date: $(date -u '+%F %T UTC')"
  echo "# command: COUNT=$count PAGES=$pages LATENCY=$latency SIZE=$size${idle:+ IDLE=$idle} scripts/python.sh $out"
  echo "# site: go run ./cmd/fetchsite -pages $pages -latency $latency -size $size ($pages pages on 127.0.0.1, $latency each, about $size bytes each)"
  echo "# each round: fetchbench -format bench -style all -limit $pages -f URLS, then"
  echo "#   python docs/python/blocking.py URLS, async_per_url.py URLS, async_shared.py URLS"
  echo "# commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!results' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "# go: $(go version)"
  echo "# python: $py $("$py" -c 'import sys, aiohttp, bs4, html5lib, lxml.etree as e; print(sys.version.split()[0], "aiohttp", aiohttp.__version__, "bs4", bs4.__version__, "lxml", ".".join(map(str, e.LXML_VERSION)), "html5lib", html5lib.__version__)')"
  echo "# machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average at start: $(load)"
} >"$tmp/head.txt"

start=$SECONDS
for i in $(seq "$count"); do
  echo "# round $i of $count: load average $(load)" >>"$tmp/raw.txt"
  # fetchbench exits 1 if a page failed: the errors column shows it, and the run goes on.
  quiet
  "$tmp/fetchbench" -format bench -style all -limit "$pages" -f "$tmp/urls.txt" >"$tmp/go.txt" || true
  cat "$tmp/go.txt" >>"$tmp/raw.txt"
  # The Python lines take fetchbench's name up to style=, so benchstat pairs them.
  prefix=$(grep -m1 -o '^BenchmarkFetch/.*/style=' "$tmp/go.txt")
  for style in blocking async_per_url async_shared; do
    quiet
    line=$("$py" "docs/python/$style.py" "$tmp/urls.txt")
    read -r p s e t <<<"$(echo "$line" | sed 's/[a-z]*=//g')"
    awk -v name="${prefix}python-${style//_/-}" -v p="$p" -v s="$s" -v e="$e" -v t="$t" \
      'BEGIN { printf "%s\t1\t%.0f ns/op\t%.2f pages/s\t%d scripts\t%d errors\n", name, t*1e9, p/t, s, e }' >>"$tmp/raw.txt"
  done
  echo "round $i of $count done after $((SECONDS - start))s; load average $(load)" >&2
done
echo "# done after $((SECONDS - start))s; load average at end: $(load)" >>"$tmp/raw.txt"

# The table: one row per style. (benchstat prints no "vs base" with one column.)
spec="-filter '.unit:(sec/op OR scripts)' -row /style -col /pages"
{
  cat "$tmp/head.txt"
  echo "# load average (1 minute) at the start of each round: $(awk '/^# round/ { print $(NF-2) }' "$tmp/raw.txt" | sort -n | sed -n '1p;$p' | paste -sd' ' | sed 's/ / to /')"
  echo "# every page holds 1 to 4 scripts: $pages pages hold $("$py" -c "print(sum(1 + i % 4 for i in range($pages)))") (sim.WantTotal)"
  echo "# the scripts bs4 finds, by parser (python docs/python/parsers.py URLS, once):"
  "$py" docs/python/parsers.py "$tmp/urls.txt" | sed 's/^/#   /'
  echo
  cat "$tmp/raw.txt"
  echo
  echo "## go tool benchstat $spec $out"
  echo
  eval "go tool benchstat $spec $tmp/raw.txt"
} >"$out"
echo "wrote $out" >&2
