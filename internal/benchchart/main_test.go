package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A tiny results file: two styles, three page counts, two samples of each
// (one of the 128-page cells has only one), and a second workload that
// the filter must leave out.
const input = `goos: linux
goarch: amd64
pkg: fetchbench
cpu: Test CPU
BenchmarkFetch/workload=latency/pages=8/style=sequential-2     10   18000000 ns/op
BenchmarkFetch/workload=latency/pages=8/style=sequential-2     10   19000000 ns/op
BenchmarkFetch/workload=latency/pages=8/style=goroutines-2     10    2700000 ns/op
BenchmarkFetch/workload=latency/pages=8/style=goroutines-2     10    2900000 ns/op
BenchmarkFetch/workload=latency/pages=32/style=sequential-2    10   73000000 ns/op
BenchmarkFetch/workload=latency/pages=32/style=sequential-2    10   74000000 ns/op
BenchmarkFetch/workload=latency/pages=32/style=goroutines-2    10    4900000 ns/op
BenchmarkFetch/workload=latency/pages=32/style=goroutines-2    10    5100000 ns/op
BenchmarkFetch/workload=latency/pages=128/style=sequential-2   10  290000000 ns/op
BenchmarkFetch/workload=latency/pages=128/style=goroutines-2   10    9000000 ns/op
BenchmarkFetch/workload=latency/pages=128/style=goroutines-2   10   11000000 ns/op
BenchmarkFetch/workload=cpu/pages=8/style=sequential-2         10     100000 ns/op
`

func writeInput(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "results.txt")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}

func TestLoad(t *testing.T) {
	path := writeInput(t, input)
	c, err := load([]string{path}, options{filter: "/workload:latency", x: "/pages@num", series: "/style", ignore: ".file", unit: "sec/op"})
	require.NoError(t, err)
	want := []line{
		{"sequential", []point{{8, 0.0185, 0.018, 0.019, 2}, {32, 0.0735, 0.073, 0.074, 2}, {128, 0.29, 0.29, 0.29, 1}}},
		{"goroutines", []point{{8, 0.0028, 0.0027, 0.0029, 2}, {32, 0.005, 0.0049, 0.0051, 2}, {128, 0.01, 0.009, 0.011, 2}}},
	}
	require.Len(t, c.series, len(want))
	for i, l := range c.series {
		require.Equal(t, want[i].name, l.name, "series %d", i)
		require.Len(t, l.points, len(want[i].points), l.name)
		for j, p := range l.points {
			w := want[i].points[j]
			// Medians and ranges are float sums: equal to the last few bits.
			assert.Equal(t, w.x, p.x, "%s point %d: x", l.name, j)
			assert.Equal(t, w.n, p.n, "%s point %d: samples", l.name, j)
			assert.InDelta(t, w.y, p.y, 1e-12, "%s point %d: median", l.name, j)
			assert.InDelta(t, w.lo, p.lo, 1e-12, "%s point %d: low", l.name, j)
			assert.InDelta(t, w.hi, p.hi, 1e-12, "%s point %d: high", l.name, j)
		}
	}
}

func TestSVG(t *testing.T) {
	path := writeInput(t, input)
	out := filepath.Join(t.TempDir(), "chart.svg")
	var stderr bytes.Buffer
	err := run([]string{"-o", out, "-filter", "/workload:latency", "-logx", "-logy", "-title", "Time <per> run"}, io.Discard, &stderr)
	require.Error(t, err, "run with no input file succeeded")
	err = run([]string{"-o", out, "-filter", "/workload:latency", "-logx", "-logy", "-title", "Time <per> run", path}, io.Discard, &stderr)
	require.NoError(t, err, "run, stderr:\n%s", stderr.String())
	svg, err := os.ReadFile(out)
	require.NoError(t, err)

	// It is well-formed XML.
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "not well-formed:\n%s", svg)
	}

	s := string(svg)
	// One polyline of three points per style.
	lines := regexp.MustCompile(`<polyline [^>]*points="([^"]*)"`).FindAllStringSubmatch(s, -1)
	require.Len(t, lines, 2, "polylines")
	for _, l := range lines {
		assert.Len(t, strings.Fields(l[1]), 3, "points of a polyline")
	}
	// The sequential line is higher (a smaller y) at every point.
	seq, gor := strings.Fields(lines[0][1]), strings.Fields(lines[1][1])
	for i := range seq {
		assert.False(t, seq[i] >= gor[i] && len(seq[i]) == len(gor[i]),
			"point %d: sequential at %s is not above goroutines at %s", i, seq[i], gor[i])
	}
	for _, want := range []string{
		">sequential</text>", ">goroutines</text>", // the legend
		">8</text>", ">32</text>", ">128</text>", // x ticks at the data
		">2 ms</text>", ">500 ms</text>", // y ticks around the data
		"Time &lt;per&gt; run", "pages (log scale)", "time per op (log scale)",
		"sequential, 8: median 18.5 ms of 2 (18 ms to 19 ms)",
	} {
		assert.Contains(t, s, want)
	}
	sum := sha256.Sum256([]byte(input))
	assert.Contains(t, s, " sha256:"+hex.EncodeToString(sum[:])+" -->", "the input's SHA-256")
	assert.Equal(t, strings.Count(s, "<!--")+strings.Count(s, "-->"), strings.Count(s, "--"), `a comment holds "--"`)
}

func TestMixedPoint(t *testing.T) {
	// Without the filter, the 8-page sequential point would mix workloads.
	path := writeInput(t, input)
	err := run([]string{"-o", filepath.Join(t.TempDir(), "x.svg"), path}, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "workload=cpu")
}

func TestLogNeedsPositive(t *testing.T) {
	path := writeInput(t, strings.Replace(input, "pages=8/", "pages=0/", -1))
	err := run([]string{"-filter", "/workload:latency", "-logx", path}, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "log scale")
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		log    bool
		want   []float64
	}{
		{0.0027, 0.29, true, []float64{0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5}},
		{3, 1e7, true, []float64{1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7}},
		{120, 180, true, []float64{100, 200}},
		{0, 47, false, []float64{0, 10, 20, 30, 40, 50}},
		{0, 0.0031, false, []float64{0, 0.001, 0.002, 0.003, 0.004}},
	} {
		min, max, ticks := niceRange(tc.lo, tc.hi, tc.log)
		assert.Equal(t, tc.want, ticks, "niceRange(%g, %g, %v): ticks", tc.lo, tc.hi, tc.log)
		assert.Equal(t, tc.want[0], min, "niceRange(%g, %g, %v): min", tc.lo, tc.hi, tc.log)
		assert.Equal(t, tc.want[len(tc.want)-1], max, "niceRange(%g, %g, %v): max", tc.lo, tc.hi, tc.log)
	}
}

func TestFormatUnit(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		unit string
		want string
	}{
		{0.0025, "sec/op", "2.5 ms"},
		{2e-6, "sec/op", "2 µs"},
		{1.5, "sec/op", "1.5 s"},
		{1.2e8, "B/s", "120 MB/s"},
		{0, "sec/op", "0"},
	} {
		assert.Equal(t, tc.want, formatUnit(tc.v, tc.unit), "formatUnit(%g, %s)", tc.v, tc.unit)
	}
}

func TestGomaxprocs(t *testing.T) {
	// -cpu 1,2: the GOMAXPROCS=1 names have no suffix.
	path := writeInput(t, `pkg: fetchbench
BenchmarkFetch/workload=cpu/style=sequential     10  60000000 ns/op
BenchmarkFetch/workload=cpu/style=sequential-2   10  58000000 ns/op
BenchmarkFetch/workload=cpu/style=goroutines     10  59000000 ns/op
BenchmarkFetch/workload=cpu/style=goroutines-2   10  35000000 ns/op
`)
	c, err := load([]string{path}, options{filter: "*", x: "/gomaxprocs@num", series: "/style", ignore: ".file", unit: "sec/op"})
	require.NoError(t, err)
	var got []string
	for _, l := range c.series {
		for _, p := range l.points {
			got = append(got, fmt.Sprintf("%s@%g=%.4g", l.name, p.x, p.y))
		}
	}
	want := []string{"sequential@1=0.06", "sequential@2=0.058", "goroutines@1=0.059", "goroutines@2=0.035"}
	assert.Equal(t, want, got, "points")
}
