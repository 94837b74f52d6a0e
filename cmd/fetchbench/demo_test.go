package main

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

func TestDemo(t *testing.T) {
	const pages = 8
	r := runBinary(t, "", "-pages", fmt.Sprint(pages), "-latency", "2ms", "-jitter", "2ms", "-size", "1000", "-limit", "4")
	r.wantCode(t, exitOK)

	// The table: a header, then one row per style, sequential first.
	var rows [][]string
	for line := range strings.Lines(r.stdout) {
		f := strings.Fields(line)
		if len(f) > 0 && (f[0] == "style" || len(rows) > 0 && len(rows) <= len(styles.All)) {
			rows = append(rows, f)
		}
	}
	if len(rows) != 1+len(styles.All) {
		t.Fatalf("want a header and %d rows in\n%s", len(styles.All), r.stdout)
	}
	want := fmt.Sprint(sim.WantTotal(pages))
	for i, s := range styles.All {
		// style wall pages/s speedup ×ideal in-flight scripts ok errors
		row := rows[i+1]
		if len(row) != 9 || row[0] != s.Name || row[6] != want || row[7] != "ok" || row[8] != "0" {
			t.Errorf("row %d = %q; want style %s, %s scripts ok, 0 errors", i, row, s.Name, want)
		}
	}
	if seq := rows[1]; seq[3] != "1.00" || seq[5] != "1" {
		t.Errorf("sequential row = %q; want speedup 1.00 and 1 in flight", seq)
	}
	// Footnotes are wrapped: join their lines again to read them.
	if !strings.Contains(strings.ReplaceAll(r.stdout, "\n  ", " "), "1.00 is out of reach") {
		t.Errorf("no footnote on ×ideal in\n%s", r.stdout)
	}
	for line := range strings.Lines(r.stdout) {
		if n := utf8.RuneCountInString(strings.TrimSuffix(line, "\n")); n > footnoteWidth {
			t.Errorf("a line of %d columns; want at most %d:\n%s", n, footnoteWidth, line)
		}
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q; want nothing (no progress bar off a terminal)", r.stderr)
	}
}

func TestDemoBench(t *testing.T) {
	r := runBinary(t, "", "-format", "bench", "-count", "2", "-pages", "5", "-latency", "2ms", "-style", "channels")
	r.wantCode(t, exitOK)
	results, config := readBench(t, r.stdout)
	if len(results) != 2 {
		t.Fatalf("%d results; want 2 (-count 2, one style)", len(results))
	}
	for _, res := range results {
		if got, want := string(res.Name.Full()), "Fetch/site=fetchtest/pages=5/limit=10/style=channels"; got != want {
			t.Errorf("name %q; want %q", got, want)
		}
		wantValues(t, res, map[string]float64{"scripts": float64(sim.WantTotal(5)), "errors": 0})
	}
	if config["latency"] != "2ms" {
		t.Errorf("configuration latency = %q; want 2ms", config["latency"])
	}
}
