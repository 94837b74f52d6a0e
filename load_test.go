//go:build load

// The load and memory benchmarks are opt-in, because a full run moves a few
// gigabytes through loopback and takes a few minutes:
//
//	go test -tags load -run '^$' -bench 'Load|PeakHeap' -benchtime 1x .
//
// With -short they use smaller N, for CI to keep them compiling and correct.

package fetchbench_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"testing"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/peakheap"
	"fetchbench/internal/styles"
)

// BenchmarkLoad fetches 10,000 URLs at limit 256 from one local site. Every
// page must come back intact, and the server must see no more new
// connections than the limit: a run that opened one per request would
// exhaust the ephemeral ports (about 28,000 here) long before 10,000 pages.
func BenchmarkLoad(b *testing.B) {
	const limit = 256
	pages := 10_000
	if testing.Short() {
		pages = 1_000
	}
	// A little latency, so that the limit, not the server's speed, decides
	// how many requests are in flight.
	site := sim.NewServer(sim.Config{Pages: pages, Latency: 2 * time.Millisecond})
	b.Cleanup(site.Close)
	urls := site.URLs()
	for _, s := range styles.All {
		b.Run(fmt.Sprintf("pages=%d/limit=%d/style=%s", pages, limit, s.Name), func(b *testing.B) {
			client := fetchbench.NewClient(limit)
			b.Cleanup(client.CloseIdleConnections)
			site.ResetStats()
			for b.Loop() {
				fetchEvery(b, s.Fetch, client, urls, limit)
			}
			if n := site.Stats().NewConns; n > limit {
				b.Fatalf("%d new connections; want at most the limit, %d", n, limit)
			}
			b.ReportMetric(float64(site.Stats().NewConns), "conns")
			b.ReportMetric(float64(site.Stats().MaxInFlight), "inflight-max")
			b.ReportMetric(float64(len(urls))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// fetchEvery runs one style over urls, and fails the benchmark unless every
// page came back intact and in its place.
func fetchEvery(b *testing.B, fetch fetchbench.FetchFunc, client *http.Client, urls []string, limit int) {
	pages, err := fetch(context.Background(), client, urls, fetchbench.Options{Limit: limit})
	if err != nil {
		b.Fatalf("run error: %v", err)
	}
	if lost, failed := checkAll(pages, urls); lost+failed > 0 {
		b.Fatalf("%d pages lost, %d failed, of %d", lost, failed, len(urls))
	}
}

// checkAll counts the pages that are missing or out of place, and the pages
// that failed or lack their scripts.
func checkAll(pages []fetchbench.Page, urls []string) (lost, failed int) {
	if len(pages) != len(urls) {
		return len(urls), 0
	}
	for i, p := range pages {
		switch {
		case p.URL != urls[i]:
			lost++
		case p.Err != nil || len(p.Scripts) != sim.WantScripts(i):
			failed++
		}
	}
	return lost, failed
}

// BenchmarkPeakHeap shows that memory grows with the limit, not with the
// number of pages: a style holds at most Limit bodies at once, streaming each
// through the tokenizer, and keeps only the scripts it found. Holding 10,000
// pages of 100 KB would take about 1 GB. The peak-heap metric is the most
// heap seen (live and not yet collected, sampled every millisecond) during
// the run, in MB (see peakheap.Sample); it includes the in-process server.
func BenchmarkPeakHeap(b *testing.B) {
	const limit, size = 64, 100 << 10
	counts := []int{1_000, 10_000}
	if testing.Short() {
		counts = []int{200, 1_000}
	}
	for _, pages := range counts {
		site := sim.NewServer(sim.Config{Pages: pages, PageSize: size})
		urls := site.URLs()
		for _, s := range styles.All {
			b.Run(fmt.Sprintf("pages=%d/size=100kb/limit=%d/style=%s", pages, limit, s.Name), func(b *testing.B) {
				client := fetchbench.NewClient(limit)
				defer client.CloseIdleConnections()
				runtime.GC() // start each style from the same clean heap
				peak := peakheap.Sample()
				for b.Loop() {
					fetchEvery(b, s.Fetch, client, urls, limit)
				}
				b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
			})
		}
		site.Close()
	}
}
