package selectloop_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/selectloop"
)

// The loop keeps the clock: a page still running at Timeout is cut and
// recorded as timed out, while the other pages complete.
func Example() {
	// A local site where every third page hangs: /page/2 would take 10s to
	// answer, the others answer at once.
	site := sim.NewServer(sim.Config{Pages: 3, TailEvery: 3, TailLatency: 10 * time.Second})
	defer site.Close()

	// One client for the whole run, sized for the limit.
	const limit = 3
	client := fetchbench.NewClient(limit)
	defer client.CloseIdleConnections()

	// Each page gets at most 1s: far more than a healthy page needs, even
	// on a loaded machine or under -race, and far less than /page/2's 10s.
	// At /page/2's deadline the loop records it and cancels its fetch, so
	// the run is over in about 1s, not 10s.
	opts := fetchbench.Options{Limit: limit, Timeout: time.Second}
	pages, err := selectloop.FetchAll(context.Background(), client, site.URLs(), opts)

	for _, p := range pages {
		u, _ := url.Parse(p.URL)
		switch {
		case errors.Is(p.Err, context.DeadlineExceeded): // cut at its deadline
			fmt.Printf("%s: timed out\n", u.Path)
		case p.Err != nil:
			fmt.Printf("%s: %v\n", u.Path, p.Err)
		default:
			fmt.Printf("%s: scripts=%d\n", u.Path, len(p.Scripts))
		}
	}

	// Collect-all: a late page is that page's failure, not the run's.
	fmt.Println("run error:", err)
	// Output:
	// /page/0: scripts=1
	// /page/1: scripts=2
	// /page/2: timed out
	// run error: <nil>
}
