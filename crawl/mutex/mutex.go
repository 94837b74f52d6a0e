// Package mutex is the Go Tour's crawler, grown up: a goroutine per page,
// a visited set under a sync.Mutex, and a sync.WaitGroup that counts the
// work still to do, so that the crawl knows when it is done.
package mutex

import (
	"context"
	"net/http"
	"sync"

	"fetchbench"
	"fetchbench/crawl"
)

// Crawl fetches the seeds and the pages they link to, as package crawl's
// contract says. Each page found starts a goroutine, which waits for one of
// opts.Limit slots before it fetches; the goroutine that finds a page
// records it in the visited set, under the mutex, before it starts it, so
// no URL starts twice. The WaitGroup reaches zero only when no page is
// waiting or in flight: then the crawl is done.
func Crawl(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
	f := crawl.NewFetcher(c, seeds, opts)
	var slots chan struct{} // nil: no limit
	if opts.Limit > 0 {
		slots = make(chan struct{}, opts.Limit)
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex // guards visited, pages and started
		visited = f.NewVisited()
		pages   []fetchbench.Page
		started int
	)
	// visit starts a goroutine for url. The caller holds mu.
	var visit func(url string)
	visit = func(url string) {
		if ctx.Err() != nil || opts.MaxPages > 0 && started == opts.MaxPages {
			return
		}
		started++
		wg.Go(func() {
			page, links := fetch(ctx, f, slots, url)
			mu.Lock()
			defer mu.Unlock()
			pages = append(pages, page)
			for _, next := range visited.Done(url, links) {
				visit(next)
			}
		})
	}
	mu.Lock()
	for _, s := range f.Seeds() {
		for _, url := range visited.Add(s, 0) {
			visit(url)
		}
	}
	mu.Unlock()
	wg.Wait()
	return pages, ctx.Err()
}

// fetch fetches url in one of the slots.
func fetch(ctx context.Context, f *crawl.Fetcher, slots chan struct{}, url string) (fetchbench.Page, []string) {
	if slots != nil {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-ctx.Done():
			return fetchbench.NotFetched(ctx, url), nil
		}
	}
	return f.Fetch(ctx, url)
}
