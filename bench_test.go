// The fetchbench_test package holds the benchmarks that compare the five
// styles (BenchmarkFetchAll, in this file) and the parsers
// (BenchmarkParseScripts, in parse_bench_test.go).
//
// # Names
//
// Every BenchmarkFetchAll result is named by key=value parts only, so that
// benchstat can address each part as /key:
//
//	BenchmarkFetchAll/workload=latency/pages=128/latency=10ms/limit=32/style=errgroup-2
//
// All workloads share the keys workload, pages, latency and limit, in that
// order, so one -row projection works for the whole file. A workload adds
// keys only for what it varies or fixes beyond those: tail, tailevery and
// timeout (workload=tail), size (workload=cpu) and client (workload=client).
// style is always last, and the styles run in the order of styles.All:
// sequential, goroutines, channels, errgroup, selectloop, so that with
// -col /style the plain loop is benchstat's base column. Within a workload
// every style has the same keys. The trailing -2 is GOMAXPROCS (benchstat's
// /gomaxprocs).
//
// # Workloads
//
// Each workload is a reason to pick one style over another.
//
//   - workload=latency: pages that each wait latency (2ms or 10ms) before the
//     server answers, 1, 16 or 128 of them, at most limit=32 in flight. Time
//     is spent waiting, so concurrency wins and GOMAXPROCS hardly matters.
//   - workload=tail: most pages wait latency=5ms but every tailevery-th one
//     waits tail=500ms, and Options.Timeout (timeout=50ms) cuts those. A
//     correct run has exactly the slow pages failed with
//     context.DeadlineExceeded and every other page intact. errgroup is not
//     run here: it is fail-fast by contract, so the first cut page cancels
//     the rest of the run, and its time would be that of a different, smaller
//     job. selectloop cuts a late page from its own loop; the other styles
//     get the same cut from Get, which honours Timeout too.
//   - workload=cpu: no latency and pages padded to size=200kb, so parsing is
//     the work. Run it at -cpu 1 and at -cpu 2 to see which styles use a
//     second core: as two runs, not one -cpu 1,2 run. A b.Loop benchmark's
//     first sample is measured before the testing package sets GOMAXPROCS
//     for the first -cpu value, so -cpu 1,2 would label a GOMAXPROCS=2
//     sample as GOMAXPROCS=1 (Go 1.26; see docs/benchmarking.md).
//   - workload=client: the client lesson. client=default is a clone of
//     http.DefaultTransport, which keeps only 2 idle connections per host;
//     client=tuned is fetchbench.NewClient(limit). conns/op shows the cost.
//
// Every other workload uses the tuned client. With -short only
// workload=latency/pages=16/latency=2ms and the cpu workload run.
//
// # Fairness
//
// Each workload row has its own loopback fetchtest site, shared by its
// styles. Each style gets a fresh client (closed in b.Cleanup), makes one
// warm-up run that dials the connections and checks the result, and then
// the site's counters are reset. Every timed run is checked too: a fast
// wrong answer fails the benchmark instead of winning it.
//
// # Metrics
//
//   - sec/op: one FetchAll over all the workload's pages.
//   - pages/s: pages handled per second, cut pages included.
//   - conns/op: new connections the server accepted per FetchAll, after the
//     warm-up. With a tuned client it should be close to 0.
//   - inflight-max: the most requests the server saw at once, over all timed
//     runs: 1 for sequential, at most limit for the others.
//   - x-ideal (workload=latency only): sec/op divided by the ideal
//     ceil(pages/limit) × latency, the time that limit requests at a time
//     need at best. The bound is the same for every style, sequential
//     included: its x-ideal says how far the plain loop is from what
//     concurrency can reach, not how well it does as a loop.
//   - B/op and allocs/op: these count the whole process, and the site runs
//     in the same process, so they include the server's allocations too.
//     Compare them between styles, not with other programs.
package fetchbench_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"fetchbench"
	"fetchbench/fetchtest"
	"fetchbench/internal/styles"
)

// A workload is one row of the benchmark: a site, options and a client,
// run by every style.
type workload struct {
	name   string // the key=value parts before style=
	site   fetchtest.Config
	opts   fetchbench.Options
	client string        // "tuned" (fetchbench.NewClient) or "default"
	ideal  time.Duration // x-ideal's bound; 0 reports no x-ideal

	// collectAll skips fail-fast styles: the workload expects some pages
	// to fail, and a fail-fast style would stop at the first of them.
	collectAll bool
}

// limit is Options.Limit in every workload.
const limit = 32

func workloads(short bool) []workload {
	if short {
		return []workload{latencyBound(16, 2*time.Millisecond), cpuBound(32, 200<<10)}
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
	)
}

// latencyBound: every page waits latency, and nothing else costs much.
func latencyBound(pages int, latency time.Duration) workload {
	return workload{
		name:   fmt.Sprintf("workload=latency/pages=%d/latency=%s/limit=%d", pages, ms(latency), limit),
		site:   fetchtest.Config{Pages: pages, Latency: latency},
		opts:   fetchbench.Options{Limit: limit},
		client: "tuned",
		ideal:  time.Duration((pages+limit-1)/limit) * latency,
	}
}

// tailLatency: every 8th page is 100 times slower than the rest, and the
// per-page timeout cuts it. The gaps (5ms, 50ms, 500ms) are wide, so that
// which pages time out does not depend on the machine's load.
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
		site:       fetchtest.Config{Pages: pages, Latency: latency, TailEvery: every, TailLatency: tail},
		opts:       fetchbench.Options{Limit: limit, Timeout: timeout},
		client:     "tuned",
		collectAll: true,
	}
}

// cpuBound: no latency and large pages, so the time goes into parsing.
func cpuBound(pages, size int) workload {
	return workload{
		name:   fmt.Sprintf("workload=cpu/pages=%d/latency=0ms/limit=%d/size=%dkb", pages, limit, size>>10),
		site:   fetchtest.Config{Pages: pages, PageSize: size},
		opts:   fetchbench.Options{Limit: limit},
		client: "tuned",
	}
}

// clientLesson: a latency-bound run with the given client, to show what
// the default of 2 idle connections per host costs.
func clientLesson(client string) workload {
	const pages, latency = 128, 2 * time.Millisecond
	return workload{
		name:   fmt.Sprintf("workload=client/pages=%d/latency=%s/limit=%d/client=%s", pages, ms(latency), limit, client),
		site:   fetchtest.Config{Pages: pages, Latency: latency},
		opts:   fetchbench.Options{Limit: limit},
		client: client,
	}
}

// ms formats d in whole milliseconds, as every duration in a name is.
func ms(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// BenchmarkFetchAll runs every style on every workload; see the package
// comment for the names, workloads and metrics.
func BenchmarkFetchAll(b *testing.B) {
	for _, w := range workloads(testing.Short()) {
		b.Run(w.name, func(b *testing.B) {
			// One site per workload, shared by its styles, so that they
			// all meet the same server.
			site := fetchtest.NewServer(w.site)
			b.Cleanup(site.Close)
			urls := site.URLs()
			want := expect(site, w.opts.Timeout)
			for _, s := range styles.All {
				if w.collectAll && s.Traits.FailFast {
					continue
				}
				b.Run("style="+s.Name, func(b *testing.B) {
					benchStyle(b, w, s, site, urls, want)
				})
			}
		})
	}
}

// benchStyle measures one style on one workload.
func benchStyle(b *testing.B, w workload, s styles.Style, site *fetchtest.Site, urls []string, want expected) {
	client := newClient(w.client, w.opts.Limit)
	b.Cleanup(client.CloseIdleConnections)
	ctx := b.Context()
	run := func() {
		pages, err := s.Fetch(ctx, client, urls, w.opts)
		if err := want.check(pages, err); err != nil {
			b.Fatalf("%s: %v", s.Name, err)
		}
	}

	// The warm-up dials the connections a steady state reuses, and checks
	// the style before it is timed. The counters start after it.
	run()
	site.ResetStats()

	b.ReportAllocs() // includes the in-process server: see the package comment
	for b.Loop() {
		run()
	}

	// b.N and b.Elapsed are final only once b.Loop has returned false.
	n := float64(b.N)
	perOp := b.Elapsed().Seconds() / n
	b.ReportMetric(float64(len(urls))/perOp, "pages/s")
	b.ReportMetric(float64(site.NewConns())/n, "conns/op")
	b.ReportMetric(float64(site.MaxInFlight()), "inflight-max")
	if w.ideal > 0 {
		b.ReportMetric(perOp/w.ideal.Seconds(), "x-ideal")
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
	timedOut  []bool // page i is slower than Options.Timeout
	nTimedOut int
	scripts   int // the scripts on every page that does not time out
}

// expect works out the expected result for site.URLs() from what the site
// serves: a page whose latency is at least timeout fails, and every other
// page has fetchtest.WantScripts(i) scripts.
func expect(site *fetchtest.Site, timeout time.Duration) expected {
	n := len(site.URLs())
	want := expected{timedOut: make([]bool, n)}
	for i := range n {
		if timeout > 0 && site.Latency(i) >= timeout {
			want.timedOut[i] = true
			want.nTimedOut++
			continue
		}
		want.scripts += fetchtest.WantScripts(i)
	}
	return want
}

// check compares a run with the expected result. It checks every page, and
// reports the totals, so that a failure says how far off the run was.
func (want expected) check(pages []fetchbench.Page, err error) error {
	if err != nil {
		return fmt.Errorf("FetchAll returned error %v; want nil", err)
	}
	if len(pages) != len(want.timedOut) {
		return fmt.Errorf("FetchAll returned %d pages; want %d", len(pages), len(want.timedOut))
	}
	var firstErr error
	timedOut, scripts := 0, 0
	for i, p := range pages {
		isDeadline := errors.Is(p.Err, context.DeadlineExceeded)
		switch {
		case want.timedOut[i] && isDeadline:
			timedOut++
		case want.timedOut[i]:
			firstErr = cmp.Or(firstErr, fmt.Errorf("page %d: Err = %v; want context.DeadlineExceeded", i, p.Err))
		case p.Err != nil:
			if isDeadline {
				timedOut++
			}
			firstErr = cmp.Or(firstErr, fmt.Errorf("page %d: %w", i, p.Err))
		default:
			scripts += len(p.Scripts)
		}
	}
	if firstErr != nil || timedOut != want.nTimedOut || scripts != want.scripts {
		return fmt.Errorf("%d pages timed out, %d scripts on the rest; want %d and %d (first error: %v)",
			timedOut, scripts, want.nTimedOut, want.scripts, firstErr)
	}
	return nil
}
