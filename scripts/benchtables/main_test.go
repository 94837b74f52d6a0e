package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testdata/bench.txt holds six styles: the five of styles.All and "sixth".
var sixStyles = []string{"sequential", "goroutines", "channels", "errgroup", "selectloop", "sixth"}

// tables runs benchtables on path and returns what it prints.
func tables(t *testing.T, path string) (stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	require.NoError(t, run(&out, &errOut, path, goBenchstat))
	return out.String(), errOut.String()
}

// sixStyleTables is tables of testdata/bench.txt, run once: each call of
// benchstat starts a process.
var sixStyleTables = sync.OnceValues(func() (string, error) {
	var out, errOut bytes.Buffer
	err := run(&out, &errOut, filepath.Join("testdata", "bench.txt"), goBenchstat)
	if errOut.Len() > 0 {
		err = errors.Join(err, fmt.Errorf("stderr: %s", errOut.String()))
	}
	return out.String(), err
})

// sections splits the output into its tables, keyed by the workload their
// command filters on.
func sections(out string) map[string][]string {
	m := map[string][]string{}
	for _, s := range strings.Split(out, "## go tool benchstat")[1:] {
		for _, w := range []string{"latency", "cpu"} {
			if strings.Contains(s, "/workload:"+w) {
				m[w] = append(m[w], s)
			}
		}
	}
	return m
}

func TestEveryStyleAppears(t *testing.T) {
	out, err := sixStyleTables()
	require.NoError(t, err)
	for w, tabs := range sections(out) {
		all := strings.Join(tabs, "")
		for _, style := range sixStyles {
			assert.Regexp(t, `│ +`+style+` +│`, all, "workload %s: no column for style %s", w, style)
		}
	}
	assert.Len(t, sections(out), 2, "want tables for the latency and cpu workloads")
}

func TestNoLineOver100Columns(t *testing.T) {
	out, err := sixStyleTables()
	require.NoError(t, err)
	for line := range strings.Lines(out) {
		assert.LessOrEqual(t, utf8.RuneCountInString(strings.TrimSuffix(line, "\n")), width, "%q", line)
	}
}

// The cpu workload's names carry gomaxprocs=N, so its rows are labelled
// 1 and 2, not "" and 2.
func TestCPURowsLabelled(t *testing.T) {
	out, err := sixStyleTables()
	require.NoError(t, err)
	for _, tab := range sections(out)["cpu"] {
		assert.Regexp(t, `(?m)^1 +\d`, tab)
		assert.Regexp(t, `(?m)^2 +\d`, tab)
	}
}

// A quick round of 2 samples says that it has no intervals, and shows
// each cell's median instead of benchstat's "± ∞".
func TestQuickRoundShowsMedians(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "bench.txt"))
	require.NoError(t, err)
	quick, _, _ := strings.Cut(string(src), "# round 3 of 6")
	path := filepath.Join(t.TempDir(), "bench.txt")
	require.NoError(t, os.WriteFile(path, []byte(quick), 0o666))

	out, stderr := tables(t, path)
	assert.Contains(t, out, "2 samples per benchmark: too few for a 95% interval")
	assert.Contains(t, stderr, "2 samples per benchmark give no intervals")
	for line := range strings.Lines(out) {
		if !strings.HasPrefix(line, "#") {
			assert.NotContains(t, line, "∞")
		}
	}
	assert.Len(t, sections(out)["latency"], 1, "six medians fit in one table")

	// The median of two samples is their mean.
	const name = "BenchmarkFetchAll/workload=latency/pages=16/latency=2ms/limit=32/style=sequential-2\t"
	var sum float64
	for line := range strings.Lines(quick) {
		if rest, ok := strings.CutPrefix(line, name); ok {
			ns, err := strconv.ParseFloat(strings.Fields(rest)[1], 64)
			require.NoError(t, err)
			sum += ns
		}
	}
	median := si(strconv.FormatFloat(sum/2/1e9, 'g', -1, 64))
	assert.Regexp(t, `(?m)^2ms 16 +`+median+` `, out)
}

func TestSI(t *testing.T) {
	for in, want := range map[string]string{
		"0.0023898135": "2.390m", "1.345095009": "1.345", "0.1661": "166.1m",
		"0.0000784": "78.40µ", "2650": "2.650k", "0": "0", "": "",
	} {
		assert.Equal(t, want, si(in), "si(%q)", in)
	}
}

func TestCommandWraps(t *testing.T) {
	long := "results/local/2026-12-06-172233/bench.txt"
	got := command([]string{"-col", "/style", "-row", "/latency /pages@num",
		"-filter", "/workload:latency .unit:sec/op /style:(sequential OR goroutines OR channels)", long})
	assert.Equal(t, "## go tool benchstat -col /style -row '/latency /pages@num' \\\n"+
		"##     -filter '/workload:latency .unit:sec/op /style:(sequential OR goroutines OR channels)' \\\n"+
		"##     "+long+"\n", got)
}
