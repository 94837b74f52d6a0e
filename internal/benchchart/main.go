// Command benchchart draws a line chart, as plain SVG, from Go benchmark
// results: one line per series (say, per style), the median of every
// sample at each x (say, the number of pages), with a whisker from the
// fastest to the slowest sample.
//
// Usage:
//
//	go run ./internal/benchchart [flags] results.txt...
//
// It reads the files with golang.org/x/perf/benchfmt and selects results
// with benchstat's own filter and projection syntax (see
// "go doc golang.org/x/perf/benchproc/syntax"), for example:
//
//	go run ./internal/benchchart -o docs/latency.svg \
//		-filter '.name:Fetch /workload:latency' -x /pages@num -series /style \
//		-logx -logy -title 'Time per run' results/2026-01-01/fetch.txt
//
// Results that land on the same point must differ only in keys named by
// -ignore (by default the input file), or benchchart stops: a point must
// not silently mix, say, two page sizes.
//
// The SVG records where it came from: a comment per input file with its
// path from the module root and its SHA-256. docs_test.go checks them, so a chart cannot outlive the
// results it shows.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchchart:", err)
		os.Exit(1)
	}
}

// options are the command-line flags.
type options struct {
	out            string
	filter         string
	x, series      string
	ignore         string
	unit           string
	logX, logY     bool
	title          string
	xLabel, yLabel string
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchchart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.out, "o", "", "write the SVG to `file` (default: standard output)")
	fs.StringVar(&o.filter, "filter", "*", "use only the results matching benchstat filter `query`")
	fs.StringVar(&o.x, "x", "/pages@num", "the x axis: a benchstat `projection` with numeric values")
	fs.StringVar(&o.series, "series", "/style", "one line per distinct value of `projection`")
	fs.StringVar(&o.ignore, "ignore", ".file", "`keys` that may vary among the samples of one point")
	fs.StringVar(&o.unit, "unit", "sec/op", "the `unit` to plot, as benchstat names it (ns/op is sec/op)")
	fs.BoolVar(&o.logX, "logx", false, "log scale on the x axis")
	fs.BoolVar(&o.logY, "logy", false, "log scale on the y axis")
	fs.StringVar(&o.title, "title", "", "chart `title`")
	fs.StringVar(&o.xLabel, "xlabel", "", "x axis `label` (default: the -x key)")
	fs.StringVar(&o.yLabel, "ylabel", "", "y axis `label` (default: from -unit)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: benchchart [flags] results.txt...\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no results files")
	}

	paths := fs.Args()
	c, err := load(paths, o)
	if err != nil {
		return err
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		c.sources = append(c.sources, source{moduleRelative(path), hex.EncodeToString(sum[:])})
	}
	c.command = "benchchart " + strings.Join(quoteArgs(args), " ") + ", in " + moduleRelative(".")

	var buf bytes.Buffer
	if err := c.writeSVG(&buf); err != nil {
		return err
	}
	if o.out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(o.out, buf.Bytes(), 0o644)
}

// A chart is the data to draw, already reduced to points.
type chart struct {
	opts    options
	series  []line
	sources []source
	command string
}

// A line is one series: its name and its points in x order.
type line struct {
	name   string
	points []point
}

// A point is the median of a cell's samples, with their range.
type point struct {
	x, y, lo, hi float64
	n            int // samples
}

// A source is an input file and its hash, recorded in the SVG.
type source struct {
	path, sha256 string
}

// cell identifies the samples that make one point.
type cell struct {
	series, x benchproc.Key
}

// load reads the results files and reduces them to one median per
// (series, x) cell.
func load(paths []string, o options) (*chart, error) {
	filter, err := benchproc.NewFilter(o.filter)
	if err != nil {
		return nil, fmt.Errorf("-filter: %w", err)
	}
	var parser benchproc.ProjectionParser
	xBy, err := parser.Parse(o.x, filter)
	if err != nil {
		return nil, fmt.Errorf("-x: %w", err)
	}
	seriesBy, err := parser.Parse(o.series, filter)
	if err != nil {
		return nil, fmt.Errorf("-series: %w", err)
	}
	if _, err := parser.Parse(o.ignore, filter); err != nil {
		return nil, fmt.Errorf("-ignore: %w", err)
	}
	// Whatever the projections above do not name, the samples of one
	// point must agree on.
	residueBy := parser.Residue()

	samples := map[cell][]float64{}
	residues := map[cell]map[benchproc.Key]bool{}
	var xKeys, seriesKeys []benchproc.Key
	seenX, seenSeries := map[benchproc.Key]bool{}, map[benchproc.Key]bool{}

	files := benchfmt.Files{Paths: paths}
	for files.Scan() {
		res, ok := files.Result().(*benchfmt.Result)
		if !ok {
			if err, ok := files.Result().(*benchfmt.SyntaxError); ok {
				return nil, err
			}
			continue
		}
		if ok, _ := filter.Apply(res); !ok {
			continue
		}
		v, ok := res.Value(o.unit)
		if !ok {
			continue
		}
		x, s := xBy.Project(res), seriesBy.Project(res)
		if x.IsZero() || s.IsZero() {
			continue // filtered out by a fixed order such as /style@(a b)
		}
		c := cell{s, x}
		samples[c] = append(samples[c], v)
		if residues[c] == nil {
			residues[c] = map[benchproc.Key]bool{}
		}
		residues[c][residueBy.Project(res)] = true
		if !seenX[x] {
			seenX[x] = true
			xKeys = append(xKeys, x)
		}
		if !seenSeries[s] {
			seenSeries[s] = true
			seriesKeys = append(seriesKeys, s)
		}
	}
	if err := files.Err(); err != nil {
		return nil, err
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("no results in %s match -filter %q with unit %s", strings.Join(paths, ", "), o.filter, o.unit)
	}
	benchproc.SortKeys(xKeys)
	benchproc.SortKeys(seriesKeys)

	c := &chart{opts: o}
	for _, s := range seriesKeys {
		l := line{name: s.StringValues()}
		for _, x := range xKeys {
			vals := samples[cell{s, x}]
			if len(vals) == 0 {
				continue
			}
			if r := residues[cell{s, x}]; len(r) > 1 {
				keys := make([]benchproc.Key, 0, len(r))
				for k := range r {
					keys = append(keys, k)
				}
				benchproc.SortKeys(keys)
				var diffs []string
				for _, f := range benchproc.NonSingularFields(keys) {
					var vals []string
					for _, k := range keys {
						vals = append(vals, fmt.Sprintf("%q", k.Get(f)))
					}
					diffs = append(diffs, f.Name+" ("+strings.Join(slices.Compact(vals), ", ")+")")
				}
				return nil, fmt.Errorf("the point %s=%s, %s=%s mixes results that differ in %s: narrow -filter or add to -ignore",
					o.series, s.StringValues(), o.x, x.StringValues(), strings.Join(diffs, "; "))
			}
			xs := x.StringValues()
			if xs == "" && strings.HasPrefix(o.x, "/gomaxprocs") {
				// go test leaves the -N suffix off a name when GOMAXPROCS
				// is 1, so benchstat's /gomaxprocs is empty for it.
				xs = "1"
			}
			xv, err := parseNumber(xs)
			if err != nil {
				return nil, fmt.Errorf("-x %s: value %q: %w", o.x, x.StringValues(), err)
			}
			slices.Sort(vals)
			l.points = append(l.points, point{x: xv, y: median(vals), lo: vals[0], hi: vals[len(vals)-1], n: len(vals)})
		}
		slices.SortFunc(l.points, func(a, b point) int { return compareFloat(a.x, b.x) })
		c.series = append(c.series, l)
	}
	for _, l := range c.series {
		for _, p := range l.points {
			if (o.logX && p.x <= 0) || (o.logY && p.lo <= 0) {
				return nil, fmt.Errorf("series %s: a log scale cannot show %g, %g", l.name, p.x, p.lo)
			}
		}
	}
	return c, nil
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// median returns the median of sorted, non-empty vals.
func median(vals []float64) float64 {
	n := len(vals)
	if n%2 == 1 {
		return vals[n/2]
	}
	return (vals[n/2-1] + vals[n/2]) / 2
}

// parseNumber reads an x value such as "32", "0.5" or "4k".
func parseNumber(s string) (float64, error) {
	mult := 1.0
	for _, p := range []struct {
		suffix string
		mult   float64
	}{{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}} {
		if rest, ok := strings.CutSuffix(s, p.suffix); ok {
			s, mult = rest, p.mult
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v * mult, err
}

// moduleRelative returns path relative to the root of the module that
// holds it, with forward slashes, or path itself if there is no module.
func moduleRelative(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, abs)
			if err != nil {
				break
			}
			return filepath.ToSlash(rel)
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return filepath.ToSlash(path)
}

// quoteArgs quotes the arguments that a shell would split or expand.
func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"$*?()[]{}<>|&;`\\") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return out
}

// defaultYLabel names a unit in words for the y axis.
func defaultYLabel(unit string) string {
	switch unit {
	case "sec/op":
		return "time per op"
	case "B/s":
		return "throughput"
	case "B/op":
		return "bytes allocated per op"
	case "allocs/op":
		return "allocations per op"
	}
	return unit
}
