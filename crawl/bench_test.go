package crawl_test

import (
	"fmt"
	"testing"

	"fetchbench"
	"fetchbench/crawl"
	"fetchbench/crawl/levels"
	"fetchbench/crawl/mutex"
	"fetchbench/crawl/owner"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/peakheap"
)

// styles are the crawl styles, side by side.
var styles = []struct {
	name  string
	crawl crawl.Func
}{
	{"mutex", mutex.Crawl},
	{"owner", owner.Crawl},
	{"levels", levels.Crawl},
}

// benchWeb is the web the crawl benchmarks crawl: pages a host over hosts,
// eight links a page, a fifth of them to other hosts, every host's page 0 a
// seed, and MaxDepth deep enough to reach all that any seed reaches.
func benchWeb(short bool) (cfg sim.WebConfig, seeds func(*sim.Web) []string, opts crawl.Options) {
	hosts, pages := 50, 200 // 10,000 pages
	if short {
		hosts, pages = 5, 20
	}
	cfg = sim.WebConfig{Hosts: hosts, Site: sim.Config{Pages: pages, PageSize: 4 << 10},
		Crawl: &sim.CrawlConfig{Links: 8, CrossHost: 0.2}}
	seeds = func(w *sim.Web) []string {
		s := make([]string, hosts)
		for i := range s {
			s[i] = w.Site(i).PageURL(0)
		}
		return s
	}
	opts = crawl.Options{MaxDepth: 1000, PerHost: 4}
	opts.Limit = 100
	return cfg, seeds, opts
}

// BenchmarkCrawl crawls 10,000 pages over 50 hosts on loopback, in real time,
// with each style (with -short: 100 pages over 5 hosts). The link has no
// delay and the server no latency: the cost is the crawl's CPU, the
// loopback and the server's CPU. Limit 100, PerHost 4, no rate cap.
//
// Besides sec/op it reports pages/s, peak-heap-MB (the most heap the run
// held, sampled every millisecond) and frontier (the most URLs met but not
// yet done at once; see crawl.Stats).
func BenchmarkCrawl(b *testing.B) {
	cfg, seedsOf, opts := benchWeb(testing.Short())
	web := sim.NewWeb(cfg)
	b.Cleanup(web.Close)
	seeds := seedsOf(web)
	want := len(web.Reach(sim.CrawlSpec{Seeds: seeds, MaxDepth: opts.MaxDepth, UserAgent: crawl.DefaultUserAgent}))
	for _, s := range styles {
		b.Run(fmt.Sprintf("web=loopback/pages=%d/style=%s", want, s.name), func(b *testing.B) {
			client := web.Client(opts.Limit)
			b.Cleanup(client.CloseIdleConnections)
			var frontier, heap int64
			for b.Loop() {
				var stats crawl.Stats
				stop := peakheap.Sample()
				pages, err := s.crawl(crawl.WithStats(b.Context(), &stats), client, seeds, opts)
				heap = max(heap, int64(stop()))
				if err := checkCrawl(pages, err, want); err != nil {
					b.Fatal(err)
				}
				frontier = max(frontier, stats.MaxFrontier.Load())
			}
			b.ReportMetric(float64(want)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(frontier), "frontier")
		})
	}
}

// checkCrawl checks that a crawl took up want pages, all fetched.
func checkCrawl(pages []fetchbench.Page, err error, want int) error {
	if err != nil {
		return fmt.Errorf("crawl error %v; want nil", err)
	}
	if len(pages) != want {
		return fmt.Errorf("%d pages; want %d", len(pages), want)
	}
	for _, p := range pages {
		if p.Err != nil {
			return fmt.Errorf("%s: %w", p.URL, p.Err)
		}
	}
	return nil
}
