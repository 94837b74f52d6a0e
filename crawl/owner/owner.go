// Package owner crawls with one goroutine that alone holds the frontier
// and the visited set: "share memory by communicating". Each fetch runs in
// a goroutine of its own, which sends the page and its links back to the
// owner over a channel, and touches nothing else.
package owner

import (
	"context"
	"net/http"
	"sync"

	"fetchbench"
	"fetchbench/crawl"
)

// A result is what a fetch sends back to the owner.
type result struct {
	url   string
	page  fetchbench.Page
	links []string
}

// Crawl fetches the seeds and the pages they link to, as package crawl's
// contract says. Its loop owns the queue of URLs to fetch, the visited set
// and the count of fetches in flight; no lock guards them, because no
// other goroutine sees them. It starts fetches while the queue is not empty
// and fewer than opts.Limit are in flight, then waits for one to finish. It
// is done when the queue is empty and nothing is in flight.
func Crawl(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
	f := crawl.NewFetcher(c, seeds, opts)
	visited := f.NewVisited()
	var queue []string
	for _, s := range f.Seeds() {
		queue = append(queue, visited.Add(s, 0)...)
	}
	results := make(chan result)
	var wg sync.WaitGroup
	var pages []fetchbench.Page
	inFlight, started := 0, 0
	for {
		for len(queue) > 0 && (opts.Limit <= 0 || inFlight < opts.Limit) &&
			(opts.MaxPages <= 0 || started < opts.MaxPages) && ctx.Err() == nil {
			url := queue[0]
			queue = queue[1:]
			inFlight++
			started++
			wg.Go(func() {
				page, links := f.Fetch(ctx, url)
				results <- result{url, page, links}
			})
		}
		if inFlight == 0 {
			break // nothing in flight, and nothing more to start
		}
		r := <-results
		inFlight--
		pages = append(pages, r.page)
		queue = append(queue, visited.Done(r.url, r.links)...)
	}
	wg.Wait()
	return pages, ctx.Err()
}
