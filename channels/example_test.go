package channels_test

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"fetchbench"
	"fetchbench/channels"
	"fetchbench/fetchtest/sim"
)

// A pool of 2 workers fetches 5 pages: never more than 2 requests at once,
// and the pages come back in input order.
func Example() {
	// A local site with 5 pages. Jitter makes them finish out of order.
	// Barrier holds the first requests until 2 are in flight at once, so the
	// count at the end is always 2: the workers do run at the same time.
	const workers = 2
	site := sim.NewServer(sim.Config{Pages: 5, Jitter: 10 * time.Millisecond, Barrier: workers})
	defer site.Close()

	// One client for the whole run, tuned for the number of workers.
	client := fetchbench.NewClient(workers)
	defer client.CloseIdleConnections()

	// Limit is the number of workers: 2 goroutines fetch all 5 URLs.
	pages, err := channels.FetchAll(context.Background(), client, site.URLs(), fetchbench.Options{Limit: workers})
	if err != nil {
		fmt.Println("run failed:", err)
		return
	}

	// Each result carried its index, so FetchAll put it back in its place.
	for _, p := range pages {
		u, _ := url.Parse(p.URL)
		fmt.Printf("%s: scripts=%d, err=%v\n", u.Path, len(p.Scripts), p.Err)
	}

	// The site counted the most requests it had in flight at once: never
	// more than the workers.
	fmt.Println("most in flight:", site.Stats().MaxInFlight)
	// Output:
	// /page/0: scripts=1, err=<nil>
	// /page/1: scripts=2, err=<nil>
	// /page/2: scripts=3, err=<nil>
	// /page/3: scripts=4, err=<nil>
	// /page/4: scripts=1, err=<nil>
	// most in flight: 2
}

func ExampleStream() {
	// A site where /page/1 takes an hour to answer and /page/0 answers at once.
	site := sim.NewServer(sim.Config{Pages: 2, TailEvery: 2, TailLatency: time.Hour})
	defer site.Close()
	client := fetchbench.NewClient(2)
	defer client.CloseIdleConnections()

	// The slow page comes first in the list.
	urls := []string{site.PageURL(1), site.PageURL(0)}

	ctx, cancel := context.WithCancel(context.Background())
	results := channels.Stream(ctx, client, urls, fetchbench.Options{})

	// The first result is the first page to finish, not urls[0].
	r := <-results
	u, _ := url.Parse(r.Page.URL)
	fmt.Printf("urls[%d] %s: scripts=%d, err=%v\n", r.Index, u.Path, len(r.Page.Scripts), r.Page.Err)

	// That is all we wanted. Stop the slow fetch, then wait for the workers:
	// the channel is closed once every one of them has returned.
	cancel()
	for range results {
	}
	// Output:
	// urls[1] /page/0: scripts=1, err=<nil>
}
