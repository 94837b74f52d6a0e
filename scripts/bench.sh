#!/usr/bin/env bash
# bench.sh regenerates a committed benchmark result in one command:
#
#   scripts/bench.sh                     # COUNT rounds into results/<today>/
#   COUNT=6 scripts/bench.sh results/x   # fewer rounds, another directory
#   COUNT=1 FLAGS='-test.short -test.benchtime=1x' scripts/bench.sh /tmp/x  # smoke test
#   scripts/bench.sh -tables results/x   # only redo the tables from bench.txt
#
# It writes, in the directory:
#
#   bench.txt      raw `go test` output, with "# ..." lines saying when, how
#                  and on what it ran (benchstat ignores them)
#   benchstat.txt  the tables, each under the command that made it
#   benchstat.csv  every FetchAll metric, -col /style, for charts
#
# The test binary is built once and run COUNT times in a loop, one sample of
# every benchmark per round, so that a slow minute on the machine spreads
# over all the styles instead of landing on one (go test -count would run the
# samples of one benchmark back to back). Each round has three passes: every
# benchmark but the cpu workload, at the default GOMAXPROCS; then the cpu
# workload at -cpu 1, and again at -cpu 2, to show which styles use a second
# core. Not one pass at -cpu 1,2: with b.Loop, Go 1.26's testing package
# keeps the first measurement of each sub-benchmark from before it sets
# GOMAXPROCS, so the first -cpu value's sample runs at the last value's
# GOMAXPROCS (see docs/benchmarking.md). One value per process is safe.
#
# See docs/benchmarking.md.
set -euo pipefail
cd "$(dirname "$0")/.."

tables_only=false
if [ "${1:-}" = "-tables" ]; then
  tables_only=true
  shift
fi
out=${1:-results/$(date -u +%F)}
count=${COUNT:-10}
# FLAGS adds test flags to both passes, e.g. FLAGS='-test.short -test.benchtime=1x'
# for a quick check of this script. Committed results use none.
read -r -a flags <<<"${FLAGS:-}"
raw=$out/bench.txt

# tables prints the benchstat tables for $raw, each under its command.
tables() {
  local specs=(
    "-filter '/workload:latency .unit:(sec/op OR x-ideal OR pages/s)' -col /style -row '/latency /pages@num'"
    "-filter '/workload:tail .unit:(sec/op OR pages/s OR conns/op)' -col /style -row '/pages@num /tail /timeout'"
    "-filter '/workload:cpu .unit:(sec/op OR pages/s)' -col /style"
    "-filter '/workload:client .unit:(sec/op OR conns/op)' -col /style -row /client"
    "-filter '.name:FetchAll .unit:inflight-max' -col /style -row '/workload /pages@num /latency /client /gomaxprocs'"
    "-filter '.name:FetchAll .unit:(B/op OR allocs/op)' -col /style -row '/workload /pages@num /latency /client /gomaxprocs'"
    "-filter '.name:ParseScripts' -col /method -row /size"
  )
  local spec
  for spec in "${specs[@]}"; do
    echo "## go tool benchstat $spec $raw"
    echo
    eval "go tool benchstat $spec $raw"
    echo
  done
}

if ! $tables_only; then
  mkdir -p "$out"
  go test -c -o fetchbench.test .
  trap 'rm -f fetchbench.test' EXIT
  passA=(-test.run '^$' -test.bench . -test.skip 'FetchAll/workload=cpu' -test.count 1 ${flags[@]+"${flags[@]}"})
  passB1=(-test.run '^$' -test.bench 'FetchAll/workload=cpu' -test.cpu 1 -test.count 1 ${flags[@]+"${flags[@]}"})
  passB2=(-test.run '^$' -test.bench 'FetchAll/workload=cpu' -test.cpu 2 -test.count 1 ${flags[@]+"${flags[@]}"})
  {
    echo "# fetchbench benchmark results"
    echo "# date: $(date -u '+%F %T UTC')"
    echo "# command: COUNT=$count scripts/bench.sh $out"
    echo "#   go test -c -o fetchbench.test .   then $count rounds of:"
    echo "#   ./fetchbench.test ${passA[*]}"
    echo "#   ./fetchbench.test ${passB1[*]}"
    echo "#   ./fetchbench.test ${passB2[*]}"
    echo "# commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!results' 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "# go: $(go version)"
    echo "# machine: $(nproc) CPUs; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$raw"
  start=$SECONDS
  for i in $(seq "$count"); do
    echo "# round $i of $count: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw"
    ./fetchbench.test "${passA[@]}" >>"$raw"
    ./fetchbench.test "${passB1[@]}" >>"$raw"
    ./fetchbench.test "${passB2[@]}" >>"$raw"
    echo "round $i of $count done after $((SECONDS - start))s" >&2
  done
  echo "# done after $((SECONDS - start))s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw"
fi

tables >"$out/benchstat.txt"
# CSV output puts its footnotes on stderr, one per cell: keep only the others.
go tool benchstat -format csv -filter '.name:FetchAll' -col /style "$raw" >"$out/benchstat.csv" \
  2> >(grep -v -E 'need >= [0-9]+ samples|all samples are equal|must be >0|set differs from baseline' >&2 || true)
echo "wrote $out/benchstat.txt and $out/benchstat.csv" >&2
