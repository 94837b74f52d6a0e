// The fetchbench_test package holds the benchmarks that compare the five
// styles (BenchmarkFetchAll, in this file) and the parsers
// (BenchmarkParseScripts, in parse_bench_test.go). docs/benchmarking.md is
// their one manual: the names, the workloads, the fairness rules and every
// metric with its formula.
package fetchbench_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"testing"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/naive"
	"fetchbench/internal/styles"
)

// A workload is one row of the benchmark: a site (or a web), options and
// a client, run by every style.
type workload struct {
	name   string // the key=value parts before style=
	site   sim.Config
	web    *sim.WebConfig // if set, the pages are on this web instead
	opts   fetchbench.Options
	client string // "tuned" or "default" for a site; "shared" or "perpage" for a web
	procs  int    // the GOMAXPROCS the name says, or 0 if it says none

	// latencyBound is the least time the pages' latency allows a run:
	// ceil(pages/limit) × latency. xIdeal reports sec/op over it, and
	// xBound reports sec/op over the larger of it and the CPU bound.
	latencyBound   time.Duration
	xIdeal, xBound bool

	// collectAll skips fail-fast styles: the workload expects some pages
	// to fail, and a fail-fast style would stop at the first of them.
	collectAll bool
}

// limit is Options.Limit in every workload.
const limit = 32

func workloads(short bool) []workload {
	if short {
		return []workload{
			latencyBound(16, 2*time.Millisecond), cpuBound(32, 200<<10),
			onWeb(20, 2*time.Millisecond, "h2", "shared"), onWeb(20, 2*time.Millisecond, "h2", "perpage"),
		}
	}
	var ws []workload
	for _, pages := range []int{1, 16, 128} {
		for _, latency := range []time.Duration{2 * time.Millisecond, 10 * time.Millisecond} {
			ws = append(ws, latencyBound(pages, latency))
		}
	}
	return append(ws,
		tailLatency(64),
		cpuBound(32, 200<<10),
		clientLesson("default"),
		clientLesson("tuned"),
		onWeb(50, 10*time.Millisecond, "h2", "shared"),
		onWeb(50, 10*time.Millisecond, "h2", "perpage"),
		onWeb(50, 10*time.Millisecond, "h1", "shared"),
		onWeb(50, 10*time.Millisecond, "h1", "perpage"),
	)
}

// latencyBound: every page waits latency, and nothing else costs much.
func latencyBound(pages int, latency time.Duration) workload {
	return workload{
		name:         fmt.Sprintf("workload=latency/pages=%d/latency=%s/limit=%d", pages, ms(latency), limit),
		site:         sim.Config{Pages: pages, Latency: latency},
		opts:         fetchbench.Options{Limit: limit},
		client:       "tuned",
		latencyBound: time.Duration((pages+limit-1)/limit) * latency,
		xIdeal:       true,
		xBound:       true,
	}
}

// tailLatency: every 8th page is 100 times slower than the rest, and the
// per-page timeout cuts it. The gaps (5ms, 50ms, 500ms) are wide, but a
// loaded machine can still make a fast page late: the check lets such a
// page be cut too, and late/op counts it (see expected.check).
func tailLatency(pages int) workload {
	const (
		latency = 5 * time.Millisecond
		every   = 8
		tail    = 500 * time.Millisecond
		timeout = 50 * time.Millisecond
	)
	return workload{
		name: fmt.Sprintf("workload=tail/pages=%d/latency=%s/limit=%d/tail=%s/tailevery=%d/timeout=%s",
			pages, ms(latency), limit, ms(tail), every, ms(timeout)),
		site:       sim.Config{Pages: pages, Latency: latency, TailEvery: every, TailLatency: tail},
		opts:       fetchbench.Options{Limit: limit, Timeout: timeout},
		client:     "tuned",
		collectAll: true,
	}
}

// cpuBound: no latency and large pages, so the time goes into parsing.
// The name says GOMAXPROCS: go test adds no -1 to a name at -cpu 1, and
// benchstat's /gomaxprocs would be empty for that row. It is right only
// with one -cpu value per go test, and benchStyle checks that it is.
func cpuBound(pages, size int) workload {
	procs := runtime.GOMAXPROCS(0)
	return workload{
		name: fmt.Sprintf("workload=cpu/pages=%d/latency=0ms/limit=%d/size=%dkb/gomaxprocs=%d",
			pages, limit, size>>10, procs),
		procs:  procs,
		site:   sim.Config{Pages: pages, PageSize: size},
		opts:   fetchbench.Options{Limit: limit},
		client: "tuned",
		xBound: true, // no latency: the CPU bound is the bound
	}
}

// clientLesson: a latency-bound run with the given client, to show what
// the default of 2 idle connections per host costs.
func clientLesson(client string) workload {
	const pages, latency = 128, 2 * time.Millisecond
	return workload{
		name:         fmt.Sprintf("workload=client/pages=%d/latency=%s/limit=%d/client=%s", pages, ms(latency), limit, client),
		site:         sim.Config{Pages: pages, Latency: latency},
		opts:         fetchbench.Options{Limit: limit},
		client:       client,
		latencyBound: time.Duration((pages+limit-1)/limit) * latency,
		xBound:       true,
	}
}

// onWeb: pages over 10 HTTPS hosts of a simulated web, rtt away, with no
// server latency, so that round trips are the cost. proto is h2 (ALPN
// offers HTTP/2) or h1 (HTTP/1.1 only). client is shared (one client for
// every page, its connections warm) or perpage: the slip of the Python
// lesson's session per URL, a new Transport for every page, which dials
// and shakes hands with the host each time.
func onWeb(pages int, rtt time.Duration, proto, client string) workload {
	const hosts, limit = 10, 10
	// A page costs one round trip on a warm connection; a new one costs
	// two more first, the TCP dial and the TLS 1.3 handshake.
	trips := time.Duration(1)
	if client == "perpage" {
		trips = 3
	}
	return workload{
		name: fmt.Sprintf("workload=web/pages=%d/latency=0ms/limit=%d/hosts=%d/rtt=%s/proto=%s/client=%s",
			pages, limit, hosts, ms(rtt), proto, client),
		web: &sim.WebConfig{
			Hosts: hosts, Site: sim.Config{Pages: pages}, Link: sim.Link{RTT: rtt},
			TLS: true, HTTP1Only: proto == "h1",
		},
		opts:         fetchbench.Options{Limit: limit},
		client:       client,
		latencyBound: time.Duration((pages+limit-1)/limit) * trips * rtt,
		xBound:       true,
	}
}

// ms formats d in whole milliseconds, as every duration in a name is.
func ms(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// BenchmarkFetchAll runs every style on every workload; see
// docs/benchmarking.md for the names, workloads and metrics.
func BenchmarkFetchAll(b *testing.B) {
	for _, w := range workloads(testing.Short()) {
		b.Run(w.name, func(b *testing.B) {
			// One site (or web) per workload, shared by its styles, so
			// that they all meet the same server.
			t := newTarget(b, w)
			for _, s := range styles.All {
				if w.collectAll && s.FailFast {
					continue
				}
				b.Run("style="+s.Name, func(b *testing.B) {
					if w.procs != 0 && runtime.GOMAXPROCS(0) != w.procs {
						b.Fatalf("GOMAXPROCS is %d, but the name says %d: run the cpu workload with one -cpu value per go test (docs/benchmarking.md#cores)",
							runtime.GOMAXPROCS(0), w.procs)
					}
					benchStyle(b, w, s, t)
				})
			}
		})
	}
}

// A target is what a workload's styles fetch from: a site or a web.
type target struct {
	urls   []string
	want   expected
	client func() *http.Client // a new client of the workload's kind
	reset  func()              // ResetStats
	stats  func() sim.Stats    // the server side's counters
}

func newTarget(b *testing.B, w workload) target {
	if w.web == nil {
		site := sim.NewServer(w.site)
		b.Cleanup(site.Close)
		return target{
			urls:   site.URLs(),
			want:   expect(site, w.opts.Timeout),
			client: func() *http.Client { return newClient(w.client, w.opts.Limit) },
			reset:  site.ResetStats,
			stats:  site.Stats,
		}
	}
	web := sim.NewWeb(*w.web)
	b.Cleanup(web.Close)
	n := w.web.Site.Pages
	return target{
		urls: web.URLs(n), // URL i holds WantScripts(i) scripts
		want: expected{slow: make([]bool, n)},
		client: func() *http.Client {
			c := web.Client(w.opts.Limit)
			if w.client == "perpage" {
				c.Transport = naive.TransportPerRequest(c.Transport.(*http.Transport)) // the slip
			}
			return c
		},
		reset: web.ResetStats,
		stats: func() sim.Stats { return web.Stats().Stats },
	}
}

// benchStyle measures one style on one workload.
func benchStyle(b *testing.B, w workload, s styles.Style, t target) {
	urls, want := t.urls, t.want
	client := t.client()
	b.Cleanup(client.CloseIdleConnections)
	ctx := b.Context()
	late := 0 // fast pages cut by Options.Timeout on a loaded machine
	run := func() {
		pages, err := s.Fetch(ctx, client, urls, w.opts)
		n, err := want.check(pages, err)
		if err != nil {
			b.Fatalf("%s: %v", s.Name, err)
		}
		late += n
	}

	// The warm-up dials the connections a steady state reuses, and checks
	// the style before it is timed. The counters start after it.
	run()
	t.reset()
	late = 0

	b.ReportAllocs() // includes the in-process server: see docs/benchmarking.md
	cpu0, cpuOK := processCPU()
	for b.Loop() {
		run()
	}
	cpu1, _ := processCPU()

	// b.N and b.Elapsed are final only once b.Loop has returned false.
	n := float64(b.N)
	perOp := b.Elapsed().Seconds() / n
	b.ReportMetric(float64(len(urls))/perOp, "pages/s")
	st := t.stats()
	b.ReportMetric(float64(st.NewConns)/n, "conns/op")
	b.ReportMetric(float64(st.MaxInFlight), "inflight-max")
	if w.opts.Timeout > 0 {
		b.ReportMetric(float64(late)/n, "late/op")
	}
	if w.xIdeal {
		b.ReportMetric(perOp/w.latencyBound.Seconds(), "x-ideal")
	}
	if !cpuOK {
		return // no getrusage on this system
	}
	// Process CPU, the in-process server's included, per page.
	cpuPerPage := (cpu1 - cpu0).Seconds() / (n * float64(len(urls)))
	b.ReportMetric(cpuPerPage*1e3, "cpu-ms/page")
	if w.xBound {
		// The CPU bound: all that CPU spread evenly over every core Go may use.
		cpuBound := cpuPerPage * float64(len(urls)) / float64(runtime.GOMAXPROCS(0))
		b.ReportMetric(perOp/max(w.latencyBound.Seconds(), cpuBound), "x-bound")
	}
}

// newClient returns the client a workload asks for.
func newClient(kind string, limit int) *http.Client {
	switch kind {
	case "tuned":
		return fetchbench.NewClient(limit)
	case "default":
		// What a program gets without thinking about it: the default
		// Transport's settings, MaxIdleConnsPerHost 2 included. (A clone,
		// so that closing its idle connections touches nothing else.)
		return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	panic("unknown client " + kind)
}

// expected is what a correct collect-all run returns for a site's URLs.
type expected struct {
	slow    []bool // page i is slower than Options.Timeout: it must be cut
	timeout bool   // Options.Timeout is set, so a late fast page may be cut too
}

// expect works out the expected result for site.URLs() from what the site
// serves: a page whose latency is at least timeout must fail with
// context.DeadlineExceeded, and every other page has
// sim.WantScripts(i) scripts.
func expect(site *sim.Site, timeout time.Duration) expected {
	n := len(site.URLs())
	want := expected{slow: make([]bool, n), timeout: timeout > 0}
	for i := range n {
		want.slow[i] = timeout > 0 && site.Latency(i) >= timeout
	}
	return want
}

// check compares a run with the expected result, page by page, and returns
// late: how many fast pages were cut by Options.Timeout. Such a cut is the
// contract kept (the page took longer than Timeout, because the machine
// was busy), not a wrong answer, so it is counted rather than failed. Any
// other difference is an error that says how far off the run was.
func (want expected) check(pages []fetchbench.Page, err error) (late int, _ error) {
	if err != nil {
		return 0, fmt.Errorf("FetchAll returned error %v; want nil", err)
	}
	if len(pages) != len(want.slow) {
		return 0, fmt.Errorf("FetchAll returned %d pages; want %d", len(pages), len(want.slow))
	}
	var firstErr error
	wrong := 0
	for i, p := range pages {
		isDeadline := errors.Is(p.Err, context.DeadlineExceeded)
		var bad error
		switch {
		case want.slow[i] && !isDeadline:
			bad = fmt.Errorf("page %d: Err = %v; want context.DeadlineExceeded", i, p.Err)
		case want.slow[i]:
		case isDeadline && want.timeout:
			late++
		case p.Err != nil:
			bad = fmt.Errorf("page %d: %w", i, p.Err)
		case len(p.Scripts) != sim.WantScripts(i):
			bad = fmt.Errorf("page %d: %d scripts; want %d", i, len(p.Scripts), sim.WantScripts(i))
		}
		if bad != nil {
			wrong++
			firstErr = cmp.Or(firstErr, bad)
		}
	}
	if firstErr != nil {
		return late, fmt.Errorf("%d of %d pages wrong (%d fast pages cut late); first: %w", wrong, len(pages), late, firstErr)
	}
	return late, nil
}
