package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"strings"
	"unicode"

	"fetchbench/internal/styles"
)

// runBench runs each style c.count times and prints one line per run in
// the Go benchmark format, for benchstat:
//
//	BenchmarkFetch/site=go.dev/pages=20/limit=10/style=channels  1  412345678 ns/op  48.50 pages/s  131 scripts  0 errors  1843302 B
//
// One line per run, not per page: a run is what a style does, and its
// wall time is what styles differ in. Every part of the name is key=value,
// so that benchstat can pivot on it ("-col /style"), and no value holds a
// '/', a space, or a trailing -digits, which benchstat would misread.
//
// The runs are interleaved (every style once, then every style again),
// so that a slow minute of the network or the site hits all styles alike.
// Standard output gets the header and the result lines and nothing else:
// benchstat would take any other "key: value" line as configuration.
//
// run runs one style once; label names the run for the progress bar.
func runBench(ctx context.Context, c *config, e env, site string, pages int, run func(s styles.Style, label string) runResult) int {
	w := bufio.NewWriter(e.stdout)
	writeBenchHeader(w, c)
	status := exitOK
	for n := range c.count {
		for _, s := range c.styles {
			label := s.Name
			if c.count > 1 {
				label = fmt.Sprintf("%s %d/%d", s.Name, n+1, c.count)
			}
			r := run(s, label)
			if r.cutShort {
				// A cut-short run is not a measurement: leave it out.
				w.Flush()
				reportInterrupt(ctx, e)
				return exitInterrupt
			}
			fmt.Fprintf(w, "BenchmarkFetch/site=%s/pages=%d/limit=%d/style=%s", site, pages, c.limit, s.Name)
			t := r.tally()
			fmt.Fprintf(w, "\t1\t%d ns/op\t%.2f pages/s\t%d scripts\t%d errors\t%d B\n",
				r.wall.Nanoseconds(), t.rate(r.wall), t.scripts, t.failed, t.bytes)
			if err := w.Flush(); err != nil {
				fmt.Fprintf(e.stderr, "fetchbench: writing output: %v\n", err)
				return exitFail
			}
			if reportFailures(e.stderr, r, n+1) {
				status = exitFail
			}
		}
	}
	return status
}

// writeBenchHeader writes the configuration lines that every result shares.
// benchstat keeps results with different configurations in separate tables.
func writeBenchHeader(w io.Writer, c *config) {
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: fetchbench/cmd/fetchbench\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "timeout: %v\nmax-body: %d\n", c.timeout, c.maxBody)
	if c.demo() {
		s := c.site
		fmt.Fprintf(w, "latency: %v\njitter: %v\nsize: %d\ntail: %d\ntail-latency: %v\n",
			s.Latency, s.Jitter, s.PageSize, s.TailEvery, s.TailLatency)
	}
}

// reportFailures prints a run's failed pages on stderr, and reports
// whether there were any.
func reportFailures(stderr io.Writer, r runResult, n int) bool {
	failed := false
	for _, p := range r.pages {
		if p.Err != nil {
			fmt.Fprintf(stderr, "fetchbench: run %d, %s: %s: %s\n", n, r.style, printable(p.URL), printable(p.Err.Error()))
			failed = true
		}
	}
	if r.err != nil && !failed {
		fmt.Fprintf(stderr, "fetchbench: run %d, %s: %s\n", n, r.style, printable(r.err.Error()))
		failed = true
	}
	return failed
}

// benchSite names the URLs' site for a benchmark name: the host of the
// first URL, with "+k" when the URLs span k more hosts. It leaves out the
// port, which for a local site such as fetchsite's changes on every start:
// the name stays the same from day to day for the same list, so that
// benchstat can compare days.
func benchSite(urls []string) string {
	var first string
	seen := map[string]bool{}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			continue // a bad URL fails on its own; it names no host
		}
		host := strings.ToLower(u.Hostname())
		if first == "" {
			first = host
		}
		seen[host] = true
	}
	switch {
	case first == "":
		return "none"
	case len(seen) > 1:
		first = fmt.Sprintf("%s+%d", first, len(seen)-1)
	}
	// A host has no '/' or space, but a name must never break: replace
	// anything benchstat would split on.
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '=' || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return '_'
		}
		return r
	}, first)
}
