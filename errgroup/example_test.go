package errgroup_test

import (
	"context"
	"fmt"
	"net/url"

	"fetchbench"
	"fetchbench/errgroup"
	"fetchbench/fetchtest"
)

func Example() {
	// A local site with 3 pages stands in for the web.
	site := fetchtest.NewServer(fetchtest.Config{Pages: 3})
	defer site.Close()

	// One client for the whole run, with as many idle connections as the limit.
	const limit = 2
	client := fetchbench.NewClient(limit)
	defer client.CloseIdleConnections()

	pages, err := errgroup.FetchAll(context.Background(), client, site.URLs(), fetchbench.Options{Limit: limit})
	if err != nil {
		fmt.Println("run failed:", err)
		return
	}
	for _, p := range pages {
		u, _ := url.Parse(p.URL)
		fmt.Printf("%s: %d scripts, err=%v\n", u.Path, len(p.Scripts), p.Err)
	}
	// Output:
	// /page/0: 1 scripts, err=<nil>
	// /page/1: 2 scripts, err=<nil>
	// /page/2: 3 scripts, err=<nil>
}

// The first failed page ends the run. With Limit 1 the pages run one at a
// time, so the output is the same every time: the page before the 404 is
// done, and the page after it is never fetched.
func Example_failFast() {
	site := fetchtest.NewServer(fetchtest.Config{Pages: 2})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	urls := []string{site.PageURL(0), site.FaultURL(fetchtest.NotFound), site.PageURL(1)}
	pages, err := errgroup.FetchAll(context.Background(), client, urls, fetchbench.Options{Limit: 1})
	for _, p := range pages {
		u, _ := url.Parse(p.URL)
		fmt.Printf("%s: %d scripts, err=%v\n", u.Path, len(p.Scripts), p.Err)
	}
	fmt.Println("run failed:", err)
	// Output:
	// /page/0: 1 scripts, err=<nil>
	// /fault/not-found: 0 scripts, err=HTTP status 404 Not Found
	// /page/1: 0 scripts, err=not fetched: context canceled
	// run failed: HTTP status 404 Not Found
}
