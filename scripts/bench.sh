#!/usr/bin/env bash
# bench.sh runs every benchmark in interleaved rounds and writes benchstat's
# tables, in one command:
#
#   scripts/bench.sh                     # 10 rounds into results/local/<UTC time>/ (ignored by git)
#   scripts/bench.sh results/mine        # the same, into results/mine
#   COUNT=2 SHORT=1 scripts/bench.sh     # 2 rounds of the -short matrix: a quick look
#   scripts/bench.sh -tables results/x   # only redo the tables from results/x/bench.txt
#
# Environment: COUNT (rounds, default 10), SHORT=1 (go test -short), FLAGS
# (more test flags for every pass, e.g. FLAGS=-test.benchtime=1x).
#
# It writes, in the directory:
#
#   tables.txt     readable tables of sec/op, per workload, every style found
#                  in bench.txt, at most 100 columns (go run ./scripts/benchtables);
#                  with fewer than 6 rounds, plain medians, since benchstat can
#                  give no interval
#   benchstat.txt  every metric, each table under the command that made it (wide)
#   benchstat.csv  every FetchAll metric, -col /style, for charts
#   bench.txt      the raw samples of the rounds that passed, with "# ..."
#                  lines saying when, how and on what it ran
#   failed.txt     the output of any round that failed, kept out of the tables
#
# A round runs the test binary three times: every benchmark but the cpu
# workload, then the cpu workload at -cpu 1, then at -cpu 2 (one GOMAXPROCS
# value per process: see docs/benchmarking.md#cores). A round in which any
# of the three fails goes to failed.txt, whole, and the run goes on; the
# script then exits 1 after writing the tables of the rounds that passed.
#
# Nothing it writes changes what `go test ./...` checks: the course quotes
# results committed under their own names. See docs/benchmarking.md.
set -uo pipefail
cd "$(dirname "$0")/.."

tables_only=false
if [ "${1:-}" = "-tables" ]; then
  tables_only=true
  shift
fi
out=${1:-results/local/$(date -u +%F-%H%M%S)}
count=${COUNT:-10}
read -r -a flags <<<"${FLAGS:-}"
if [ "${SHORT:-}" = 1 ]; then
  flags+=(-test.short)
fi
raw=$out/bench.txt
failed=$out/failed.txt

# benchstat runs the module's pinned benchstat (go.mod's tool line).
benchstat() { go tool benchstat "$@"; }

# section prints one benchstat command, as a reader would type it, and its
# output; nothing if no result matched (as with SHORT=1).
section() {
  local table
  table=$(eval "benchstat $1 $raw" 2>&1)
  grep -q '│' <<<"$table" || return 0
  printf '## go tool benchstat %s %s\n\n%s\n\n' "$1" "$raw" "$table"
}

# everything prints every metric, each unit in its own table, all styles side by side.
everything() {
  local specs=(
    "-filter '/workload:latency .unit:(sec/op OR x-ideal OR pages/s)' -col /style -row '/latency /pages@num'"
    "-filter '/workload:tail .unit:(sec/op OR pages/s OR conns/op OR late/op)' -col /style -row '/pages@num /tail /timeout'"
    "-filter '/workload:cpu .unit:(sec/op OR pages/s)' -col /style"
    "-filter '/workload:client .unit:(sec/op OR conns/op)' -col /style -row /client"
    "-filter '/workload:web .unit:(sec/op OR conns/op)' -col /style -row '/proto /client'"
    "-filter '.name:FetchAll .unit:(cpu-ms/page OR x-bound)' -col /style -row '/workload /pages@num /latency /proto /client /gomaxprocs'"
    "-filter '.name:FetchAll .unit:inflight-max' -col /style -row '/workload /pages@num /latency /proto /client /gomaxprocs'"
    "-filter '.name:FetchAll .unit:(B/op OR allocs/op)' -col /style -row '/workload /pages@num /latency /proto /client /gomaxprocs'"
    "-filter '.name:Web' -col /style -row '/proto /client'"
    "-filter '.name:ParseScripts' -col /method -row /size"
    "-filter '.name:Hostile' -row /page"
  )
  local spec
  for spec in "${specs[@]}"; do
    section "$spec"
  done
}

nfailed=0
if ! $tables_only; then
  mkdir -p "$out" || exit 1
  # The binary goes to a directory of its own, so two runs at once do not
  # overwrite each other's; it runs from here, the package's directory.
  bindir=$(mktemp -d) || exit 1
  bin=$bindir/fetchbench.test
  go test -c -o "$bin" . || exit 1
  trap 'rm -rf "$bindir"' EXIT
  passA=(-test.run '^$' -test.bench . -test.skip 'FetchAll/workload=cpu' -test.count 1 ${flags[@]+"${flags[@]}"})
  passB1=(-test.run '^$' -test.bench 'FetchAll/workload=cpu' -test.cpu 1 -test.count 1 ${flags[@]+"${flags[@]}"})
  passB2=(-test.run '^$' -test.bench 'FetchAll/workload=cpu' -test.cpu 2 -test.count 1 ${flags[@]+"${flags[@]}"})
  {
    echo "# fetchbench benchmark results"
    echo "# date: $(date -u '+%F %T UTC')"
    echo "# command: COUNT=$count${SHORT:+ SHORT=$SHORT}${FLAGS:+ FLAGS='$FLAGS'} scripts/bench.sh $out"
    echo "#   go test -c -o fetchbench.test .   then $count rounds of:"
    echo "#   ./fetchbench.test ${passA[*]}"
    echo "#   ./fetchbench.test ${passB1[*]}"
    echo "#   ./fetchbench.test ${passB2[*]}"
    echo "# commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!results' 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "# go: $(go version)"
    echo "# machine: $(nproc) CPUs; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$raw"
  : >"$failed"
  round=$(mktemp)
  trap 'rm -rf "$bindir" "$round" "$round.pass"' EXIT
  start=$SECONDS
  summary=()
  for i in $(seq "$count"); do
    echo "# round $i of $count: load average $(cut -d' ' -f1-3 /proc/loadavg)" >"$round"
    why=""
    for pass in passA passB1 passB2; do
      declare -n args=$pass
      rc=0
      "$bin" "${args[@]}" >"$round.pass" 2>&1 || rc=$?
      unset -n args
      cat "$round.pass" >>"$round"
      if [ $rc -ne 0 ]; then
        # The first line that says why: a failed check, a panic, or else the last line.
        line=$(grep -m1 -E -- '_test.go:[0-9]+:|^panic|^invalid|^flag ' "$round.pass" || tail -n1 "$round.pass")
        why+="${why:+; }$pass exited $rc: $(echo "$line" | sed 's/^ *//')"
      fi
    done
    if [ -z "$why" ]; then
      cat "$round" >>"$raw"
      echo "round $i of $count passed after $((SECONDS - start))s" >&2
    else
      nfailed=$((nfailed + 1))
      { echo "# FAILED, kept out of bench.txt: $why"; cat "$round"; } >>"$failed"
      summary+=("round $i: $why")
      echo "round $i of $count FAILED after $((SECONDS - start))s: $why" >&2
    fi
  done
  echo "# done after $((SECONDS - start))s; $((count - nfailed)) of $count rounds kept; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw"
  [ -s "$failed" ] || rm -f "$failed"
fi

go run ./scripts/benchtables "$raw" >"$out/tables.txt" || exit 1
everything >"$out/benchstat.txt"
# CSV output puts its footnotes on stderr, one per cell: keep only the others.
benchstat -format csv -filter '.name:FetchAll' -col /style "$raw" >"$out/benchstat.csv" \
  2> >(grep -v -E 'need >= [0-9]+ samples|all samples are equal|must be >0|set differs from baseline' >&2 || true)
echo "wrote $out/tables.txt, $out/benchstat.txt and $out/benchstat.csv" >&2
if [ "$nfailed" -gt 0 ]; then
  echo "SUMMARY: $nfailed of $count rounds failed and are kept out of the tables (their output is in $failed):" >&2
  printf '  %s\n' "${summary[@]}" >&2
  exit 1
fi
$tables_only || echo "SUMMARY: all $count rounds passed" >&2
