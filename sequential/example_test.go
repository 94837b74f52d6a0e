package sequential_test

import (
	"context"
	"fmt"
	"net/url"

	"fetchbench"
	"fetchbench/fetchtest"
	"fetchbench/sequential"
)

func Example() {
	// A local site with 3 pages stands in for the web.
	site := fetchtest.NewServer(fetchtest.Config{Pages: 3})
	defer site.Close()

	// One client for the whole run.
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	pages, err := sequential.FetchAll(context.Background(), client, site.URLs(), fetchbench.Options{})
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
