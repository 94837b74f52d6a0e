#!/usr/bin/env bash
# interleave.sh runs the same benchmarks from two test binaries, before and
# after a change, in interleaved rounds, so that a shared machine's drift
# falls on both alike; then compare with benchstat:
#
#   go test -c -o old.test .   (at the old commit)   go test -c -o new.test .
#   COUNT=8 scripts/interleave.sh old.test new.test out/ 'ParseScripts/method=scripts' ... -- -test.cpu=1
#   go tool benchstat out/old.txt out/new.txt
#
# Each round runs every pattern once with each binary, old first in odd
# rounds and new first in even ones. Flags after -- go to every run. Each
# file starts with the commands, and each round with the load average.
set -euo pipefail
old=$1 new=$2 out=$3
shift 3
patterns=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do patterns+=("$1"); shift; done
[ $# -gt 0 ] && shift
count=${COUNT:-6}
mkdir -p "$out"
for f in old new; do
  {
    echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'): COUNT=$count scripts/interleave.sh $old $new $out ${patterns[*]} -- $*"
    echo "# machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
  } >"$out/$f.txt"
done
for i in $(seq "$count"); do
  for f in old new; do echo "# round $i of $count: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/$f.txt"; done
  order=(old new)
  [ $((i % 2)) -eq 0 ] && order=(new old)
  for p in "${patterns[@]}"; do
    for f in "${order[@]}"; do
      bin=$old
      [ "$f" = new ] && bin=$new
      "$bin" -test.run='^$' -test.bench="$p" "$@" | grep -E '^(Benchmark|goos|goarch|pkg|cpu)' >>"$out/$f.txt"
    done
  done
  echo "round $i of $count done" >&2
done
for f in old new; do echo "# done: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/$f.txt"; done
