package sequential_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/sequential"
)

// A collect-all run: one bad URL among good ones costs only its own page.
func Example() {
	// A local site stands in for the web. Its fault pages misbehave on
	// purpose: /fault/not-found answers 404.
	site := sim.NewServer(sim.Config{Pages: 2})
	defer site.Close()

	// One client for the whole run. Sequential has one request in flight.
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	urls := []string{site.PageURL(0), site.FaultURL(sim.NotFound), site.PageURL(1)}
	pages, err := sequential.FetchAll(context.Background(), client, urls, fetchbench.Options{})

	// Every URL gets a Page, in input order. A failure stays in its own
	// Page.Err, and the loop went on to the next URL.
	for _, p := range pages {
		u, _ := url.Parse(p.URL)
		var status *fetchbench.StatusError
		switch {
		case errors.As(p.Err, &status): // the server answered, but not 2xx
			fmt.Printf("%s: HTTP %d\n", u.Path, status.Code)
		case p.Err != nil: // any other failure
			fmt.Printf("%s: %v\n", u.Path, p.Err)
		default:
			fmt.Printf("%s: scripts=%d\n", u.Path, len(p.Scripts))
		}
	}

	// The run's own error is only for the run as a whole, such as a
	// cancelled ctx. One bad page does not make the run fail.
	fmt.Println("run error:", err)
	// Output:
	// /page/0: scripts=1
	// /fault/not-found: HTTP 404
	// /page/1: scripts=2
	// run error: <nil>
}
