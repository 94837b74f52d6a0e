package naive

import (
	"context"
	"flag"
	"runtime"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

var costRequests = flag.Int("cost.requests", 200, "requests in each run of TestOwnClientCost")

// TestOwnClientCost measures what GetWithOwnClient leaves behind, against one
// shared client: 50 workers fetch -cost.requests pages from a loopback site,
// and once every page is back the test counts the connections the server
// accepted and the goroutines still running. The course quotes its log from
// results/2026-12-06/slip.txt.
func TestOwnClientCost(t *testing.T) {
	const workers = 50
	requests := *costRequests
	shared := fetchbench.NewClient(workers)
	for _, tc := range []struct {
		name  string
		get   func(ctx context.Context, url string) fetchbench.Page
		leaks bool // one new connection per request, never closed
	}{
		{"a Transport per request", GetWithOwnClient, true},
		{"one shared client", func(ctx context.Context, url string) fetchbench.Page {
			return fetchbench.Get(ctx, shared, url, fetchbench.Options{})
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t) // runs last: after the site has closed every connection
			site := sim.NewServer(sim.Config{Pages: requests})
			defer site.Close()
			defer shared.CloseIdleConnections()

			before := runtime.NumGoroutine()
			urls := make(chan string)
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for url := range urls {
						if p := tc.get(t.Context(), url); p.Err != nil {
							t.Errorf("%s: %v", url, p.Err)
						}
					}
				})
			}
			for _, url := range site.URLs() {
				urls <- url
			}
			close(urls)
			wg.Wait()
			left := runtime.NumGoroutine() - before
			conns := site.Stats().NewConns
			t.Logf("%s: %d new connections, %d goroutines left", tc.name, conns, left)

			if tc.leaks {
				// No reuse, and each idle connection keeps the client's
				// read and write loops and the server's handler alive.
				if conns != requests || left < 2*requests {
					t.Errorf("%d connections and %d goroutines left; want %d and at least %d", conns, left, requests, 2*requests)
				}
			} else if conns > 2*workers || left >= requests {
				// About one connection a worker. A few more are fair: a
				// request can start, and dial, before the connection its
				// worker just used is back in the pool (1 run in 7 at load).
				t.Errorf("%d connections and %d goroutines left; want at most %d and fewer than %d", conns, left, 2*workers, requests)
			}
		})
	}
}
