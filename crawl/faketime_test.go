package crawl_test

import (
	"fmt"
	"os"
	"testing"
	"testing/synctest"
	"time"

	"fetchbench/crawl"
	"fetchbench/fetchtest/sim"
)

// TestCrawlFakeTime crawls the benchmark's web in memory, in fake time, with
// each style, and logs pages/s next to the link model's figure: with RTT r
// and server latency l, a page on a warm connection takes r + l, so Limit
// requests in flight make at most Limit/(r+l) pages/s. Fake time counts the
// schedule alone, no CPU: what is left between the two is the crawl's
// ramp (it starts with one page per host) and its tail.
//
// It runs with the benchmark's PerHost 4, and with no cap per host: a fetch
// waiting for its host's slot holds one of Limit's, so the cap costs more
// than the hosts' own share of the work would say.
//
// It crawls 100 pages over 5 hosts; with FETCHBENCH_CRAWL_FULL=1 in the
// environment, the benchmark's 10,000 over 50 (about 2 s of CPU a run).
func TestCrawlFakeTime(t *testing.T) {
	const rtt, latency = 20 * time.Millisecond, 30 * time.Millisecond
	full := os.Getenv("FETCHBENCH_CRAWL_FULL") == "1"
	for _, perHost := range []int{4, 0} {
		for _, s := range styles {
			t.Run(fmt.Sprintf("style=%s/per-host=%d", s.name, perHost), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					cfg, seedsOf, opts := benchWeb(!full)
					opts.PerHost = perHost
					cfg.Link = sim.Link{RTT: rtt}
					cfg.Site.Latency = latency
					web := sim.NewWebInMemory(cfg)
					defer web.Close()
					seeds := seedsOf(web)
					want := len(web.Reach(sim.CrawlSpec{Seeds: seeds, MaxDepth: opts.MaxDepth, UserAgent: crawl.DefaultUserAgent}))
					var stats crawl.Stats
					start := time.Now()
					pages, err := s.crawl(crawl.WithStats(t.Context(), &stats), web.Client(opts.Limit), seeds, opts)
					took := time.Since(start)
					if err := checkCrawl(pages, err, want); err != nil {
						t.Fatal(err)
					}
					model := float64(opts.Limit) / (rtt + latency).Seconds()
					t.Logf("style=%s per-host=%d pages=%d fake-time=%v pages/s=%.0f model-pages/s=%.0f frontier=%d",
						s.name, perHost, want, took, float64(want)/took.Seconds(), model, stats.MaxFrontier.Load())
				})
			})
		}
	}
}
