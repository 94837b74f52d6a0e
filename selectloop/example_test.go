package selectloop_test

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"fetchbench"
	"fetchbench/fetchtest"
	"fetchbench/selectloop"
)

func Example() {
	// A local site with 3 pages stands in for the web.
	site := fetchtest.NewServer(fetchtest.Config{Pages: 3})
	defer site.Close()

	// One client for the whole run, sized for the limit.
	const limit = 2
	client := fetchbench.NewClient(limit)
	defer client.CloseIdleConnections()

	opts := fetchbench.Options{Limit: limit, Timeout: 10 * time.Second}
	pages, err := selectloop.FetchAll(context.Background(), client, site.URLs(), opts)
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
