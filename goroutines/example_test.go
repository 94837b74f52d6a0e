package goroutines_test

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/goroutines"
)

// A concurrent collect-all run, two requests at a time. The pages come back
// in input order, whatever order they finish in.
func Example() {
	// A local site where every third page is slow: /page/2 takes 100ms,
	// the others answer at once.
	site := sim.NewServer(sim.Config{Pages: 3, TailEvery: 3, TailLatency: 100 * time.Millisecond})
	defer site.Close()

	// One client for the whole run, sized for the limit.
	const limit = 2
	client := fetchbench.NewClient(limit)
	defer client.CloseIdleConnections()

	// The slow page comes first in the list, but it finishes last: while it
	// holds one of the two slots for 100ms, the other slot gets through the
	// rest. The 404 fails on its own and does not stop the others.
	urls := []string{site.PageURL(2), site.PageURL(0), site.FaultURL(sim.NotFound), site.PageURL(1)}
	pages, err := goroutines.FetchAll(context.Background(), client, urls, fetchbench.Options{Limit: limit})

	// Still, pages[i] is the result for urls[i]: each goroutine wrote its
	// own element of the slice.
	for _, p := range pages {
		u, _ := url.Parse(p.URL)
		if p.Err != nil {
			fmt.Printf("%s: %v\n", u.Path, p.Err)
			continue
		}
		fmt.Printf("%s: scripts=%d\n", u.Path, len(p.Scripts))
	}

	// Collect-all: a page's failure is not the run's failure.
	fmt.Println("run error:", err)
	// Output:
	// /page/2: scripts=3
	// /page/0: scripts=1
	// /fault/not-found: HTTP status 404 Not Found
	// /page/1: scripts=2
	// run error: <nil>
}
