package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"strings"
	"unicode"

	"fetchbench"
	"fetchbench/internal/redact"
)

// runBench runs each style c.count times, interleaved so that a slow
// minute of the network hits all alike, and prints a line per run in the
// Go benchmark format. Every part of a name is key=value, so that
// benchstat can pivot on it ("-col /style"). Standard output gets nothing
// else: benchstat would take a "key: value" line as configuration.
func runBench(ctx context.Context, c *config, e env, urls []string) int {
	site := benchSite(urls)
	if c.demo() {
		site = "fetchtest" // on loopback, or in memory: the same site
	}
	w := bufio.NewWriter(e.stdout)
	// The configuration: benchstat keeps results of others apart.
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: fetchbench/cmd/fetchbench\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "timeout: %v\nmax-body: %d\n", c.timeout, c.maxBody)
	if s := c.site; c.demo() {
		fmt.Fprintf(w, "latency: %v\njitter: %v\nsize: %d\ntail: %d\ntail-latency: %v\n",
			s.Latency, s.Jitter, s.PageSize, s.TailEvery, s.TailLatency)
	}
	status := exitOK
	for n := range c.count {
		for _, s := range c.styles {
			label := s.Name
			if c.count > 1 {
				label = fmt.Sprintf("%s %d/%d", s.Name, n+1, c.count)
			}
			r := runStyle(ctx, e, c, s, urls, label, nil)
			if r.cutShort { // no measurement: leave it out
				w.Flush()
				reportInterrupt(ctx, e)
				return exitInterrupt
			}
			t := r.tally()
			fmt.Fprintf(w, "BenchmarkFetch/site=%s/pages=%d/limit=%d/style=%s\t1\t%d ns/op\t%.2f pages/s\t%d scripts\t%d errors\t%d B\n",
				site, len(urls), c.limit, s.Name, r.wall.Nanoseconds(), t.rate(r.wall), t.Scripts, t.Failed, t.Bytes)
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

// reportFailures prints a run's failed pages on stderr, those a cancel
// kept from starting in one line, and reports whether any failed.
func reportFailures(stderr io.Writer, r runResult, n int) bool {
	for _, p := range r.pages {
		if p.Err != nil && !errors.Is(p.Err, fetchbench.ErrNotFetched) {
			fmt.Fprintf(stderr, "fetchbench: run %d, %s: %s: %s\n", n, r.style.Name, redact.Text(p.URL), redact.Text(p.Err.Error()))
		}
	}
	t := r.tally()
	if t.notFetched > 0 {
		fmt.Fprintf(stderr, "fetchbench: run %d, %s: %s\n", n, r.style.Name, t.notFetchedText())
	}
	if t.Failed == 0 && r.err != nil {
		fmt.Fprintf(stderr, "fetchbench: run %d, %s: %s\n", n, r.style.Name, redact.Text(r.err.Error()))
	}
	return r.err != nil || t.Failed > 0
}

// hosts counts the URLs of each host, without the port, and names the first.
func hosts(urls []string) (count map[string]int, first string) {
	count = map[string]int{}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" {
			continue
		}
		host := strings.ToLower(u.Hostname())
		if first == "" {
			first = host
		}
		count[host]++
	}
	return count, first
}

// benchSite names the URLs' site in a benchmark name: the first URL's
// host, "+k" for k more hosts. With no port, which changes on every start
// of a local site, a list keeps its name, so benchstat can compare days.
func benchSite(urls []string) string {
	count, first := hosts(urls)
	switch {
	case first == "":
		return "none"
	case len(count) > 1:
		first = fmt.Sprintf("%s+%d", first, len(count)-1)
	}
	// A host holds no '/' or space, but a name must never break.
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '=' || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return '_'
		}
		return r
	}, first)
}
