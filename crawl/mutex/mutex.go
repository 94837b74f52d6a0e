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
// contract says. Each page found starts a goroutine, which fetches it in
// one of opts.Limit slots, or leaves it out if ctx ends first. A page is
// marked visited, under the mutex, before its goroutine starts: no URL
// starts twice. The WaitGroup reaches zero only when nothing is left.
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
			page, links, ok := fetch(ctx, f, slots, url)
			if !ok {
				return // ctx ended first: left out
			}
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

// fetch fetches url in one of the slots. It reports false, having fetched
// nothing, if ctx ended before it had a slot.
func fetch(ctx context.Context, f *crawl.Fetcher, slots chan struct{}, url string) (fetchbench.Page, []string, bool) {
	if slots != nil {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-ctx.Done():
			return fetchbench.Page{}, nil, false
		}
		if ctx.Err() != nil { // select picks at random when both cases are ready
			return fetchbench.Page{}, nil, false
		}
	}
	page, links := f.Fetch(ctx, url)
	return page, links, true
}
