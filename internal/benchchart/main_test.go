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
	"reflect"
	"regexp"
	"strings"
	"testing"
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
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoad(t *testing.T) {
	path := writeInput(t, input)
	c, err := load([]string{path}, options{filter: "/workload:latency", x: "/pages@num", series: "/style", ignore: ".file", unit: "sec/op"})
	if err != nil {
		t.Fatal(err)
	}
	want := []line{
		{"sequential", []point{{8, 0.0185, 0.018, 0.019, 2}, {32, 0.0735, 0.073, 0.074, 2}, {128, 0.29, 0.29, 0.29, 1}}},
		{"goroutines", []point{{8, 0.0028, 0.0027, 0.0029, 2}, {32, 0.005, 0.0049, 0.0051, 2}, {128, 0.01, 0.009, 0.011, 2}}},
	}
	if len(c.series) != len(want) {
		t.Fatalf("got %d series, want %d", len(c.series), len(want))
	}
	for i, l := range c.series {
		if l.name != want[i].name || len(l.points) != len(want[i].points) {
			t.Fatalf("series %d = %+v, want %+v", i, l, want[i])
		}
		for j, p := range l.points {
			w := want[i].points[j]
			if p.x != w.x || p.n != w.n || !near(p.y, w.y) || !near(p.lo, w.lo) || !near(p.hi, w.hi) {
				t.Errorf("%s point %d = %+v, want %+v", l.name, j, p, w)
			}
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }

func TestSVG(t *testing.T) {
	path := writeInput(t, input)
	out := filepath.Join(t.TempDir(), "chart.svg")
	var stderr bytes.Buffer
	err := run([]string{"-o", out, "-filter", "/workload:latency", "-logx", "-logy", "-title", "Time <per> run"}, io.Discard, &stderr)
	if err == nil {
		t.Fatal("run with no input file succeeded")
	}
	if err := run([]string{"-o", out, "-filter", "/workload:latency", "-logx", "-logy", "-title", "Time <per> run", path}, io.Discard, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, &stderr)
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}

	// It is well-formed XML.
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
	}

	s := string(svg)
	// One polyline of three points per style.
	lines := regexp.MustCompile(`<polyline [^>]*points="([^"]*)"`).FindAllStringSubmatch(s, -1)
	if len(lines) != 2 {
		t.Fatalf("%d polylines, want 2", len(lines))
	}
	for _, l := range lines {
		if n := len(strings.Fields(l[1])); n != 3 {
			t.Errorf("polyline with %d points, want 3: %s", n, l[1])
		}
	}
	// The sequential line is higher (a smaller y) at every point.
	seq, gor := strings.Fields(lines[0][1]), strings.Fields(lines[1][1])
	for i := range seq {
		if seq[i] >= gor[i] && len(seq[i]) == len(gor[i]) {
			t.Errorf("point %d: sequential at %s is not above goroutines at %s", i, seq[i], gor[i])
		}
	}
	for _, want := range []string{
		">sequential</text>", ">goroutines</text>", // the legend
		">8</text>", ">32</text>", ">128</text>", // x ticks at the data
		">2 ms</text>", ">500 ms</text>", // y ticks around the data
		"Time &lt;per&gt; run", "pages (log scale)", "time per op (log scale)",
		"sequential, 8: median 18.5 ms of 2 (18 ms to 19 ms)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	sum := sha256.Sum256([]byte(input))
	if !strings.Contains(s, " sha256:"+hex.EncodeToString(sum[:])+" -->") {
		t.Error("the SVG does not record the input's SHA-256")
	}
	if strings.Count(s, "--") != strings.Count(s, "<!--")+strings.Count(s, "-->") {
		t.Error(`a comment holds "--"`)
	}
}

func TestMixedPoint(t *testing.T) {
	// Without the filter, the 8-page sequential point would mix workloads.
	path := writeInput(t, input)
	err := run([]string{"-o", filepath.Join(t.TempDir(), "x.svg"), path}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "workload=cpu") {
		t.Fatalf("err = %v, want one about workload=cpu", err)
	}
}

func TestLogNeedsPositive(t *testing.T) {
	path := writeInput(t, strings.Replace(input, "pages=8/", "pages=0/", -1))
	err := run([]string{"-filter", "/workload:latency", "-logx", path}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "log scale") {
		t.Fatalf("err = %v, want one about the log scale", err)
	}
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
		if !reflect.DeepEqual(ticks, tc.want) || min != tc.want[0] || max != tc.want[len(tc.want)-1] {
			t.Errorf("niceRange(%g, %g, %v) = %g, %g, %v; want %v", tc.lo, tc.hi, tc.log, min, max, ticks, tc.want)
		}
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
		if got := formatUnit(tc.v, tc.unit); got != tc.want {
			t.Errorf("formatUnit(%g, %s) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
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
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range c.series {
		for _, p := range l.points {
			got = append(got, fmt.Sprintf("%s@%g=%.4g", l.name, p.x, p.y))
		}
	}
	want := []string{"sequential@1=0.06", "sequential@2=0.058", "goroutines@1=0.059", "goroutines@2=0.035"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("points = %q, want %q", got, want)
	}
}
