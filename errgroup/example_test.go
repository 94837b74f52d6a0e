package errgroup_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"fetchbench"
	"fetchbench/errgroup"
	"fetchbench/fetchtest/sim"
)

// Fail-fast: the first failed page cancels the pages still in flight, and
// the run returns that page's error.
func Example() {
	// A local site where every second page hangs: /page/1 would take 10s
	// to answer.
	site := sim.NewServer(sim.Config{Pages: 2, TailEvery: 2, TailLatency: 10 * time.Second})
	defer site.Close()

	// One client for the whole run, with as many idle connections as the limit.
	const limit = 2
	client := fetchbench.NewClient(limit)
	defer client.CloseIdleConnections()

	// Both URLs start at once. The 404 comes back first and cancels the
	// slow fetch, so the run is over in milliseconds, not 10s.
	urls := []string{site.PageURL(1), site.FaultURL(sim.NotFound)}
	pages, err := errgroup.FetchAll(context.Background(), client, urls, fetchbench.Options{Limit: limit})

	// Every URL still gets its Page, so the caller can see which page
	// failed and which were only cut short.
	for _, p := range pages {
		u, _ := url.Parse(p.URL)
		switch {
		case errors.Is(p.Err, context.Canceled): // stopped because another page failed
			fmt.Printf("%s: cancelled\n", u.Path)
		case p.Err != nil:
			fmt.Printf("%s: %v\n", u.Path, p.Err)
		default:
			fmt.Printf("%s: scripts=%d\n", u.Path, len(p.Scripts))
		}
	}

	// The run's error is the first page error.
	fmt.Println("run failed:", err)
	// Output:
	// /page/1: cancelled
	// /fault/not-found: HTTP status 404 Not Found
	// run failed: HTTP status 404 Not Found
}

// The first failed page ends the run. With Limit 1 the pages run one at a
// time, so the output is the same every time: the page before the 404 is
// done, and the page after it is never fetched.
func Example_failFast() {
	site := sim.NewServer(sim.Config{Pages: 2})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	// The 404 sits between two good pages.
	urls := []string{site.PageURL(0), site.FaultURL(sim.NotFound), site.PageURL(1)}
	pages, err := errgroup.FetchAll(context.Background(), client, urls, fetchbench.Options{Limit: 1})

	// /page/1 was never sent: its Page says so, with the cancellation
	// that stopped it.
	for _, p := range pages {
		u, _ := url.Parse(p.URL)
		fmt.Printf("%s: scripts=%d, err=%v\n", u.Path, len(p.Scripts), p.Err)
	}
	fmt.Println("run failed:", err)
	// Output:
	// /page/0: scripts=1, err=<nil>
	// /fault/not-found: scripts=0, err=HTTP status 404 Not Found
	// /page/1: scripts=0, err=not fetched: context canceled
	// run failed: HTTP status 404 Not Found
}
