// Package goroutines fetches every page at once, one goroutine per URL, and
// waits for all of them with a sync.WaitGroup. Options.Limit, when set, is a
// buffered channel used as a semaphore. Pages come back in input order.
package goroutines

import (
	"context"
	"net/http"
	"sync"

	"fetchbench"
)

var _ fetchbench.FetchFunc = FetchAll

// FetchAll fetches all urls concurrently, one goroutine per URL, with
// fetchbench.Get.
//
//   - Order: pages[i] is the result for urls[i], whatever order the fetches
//     finish in.
//   - Errors: collect-all. Every page is tried; a page's failure stays in its
//     Page.Err and does not stop the others.
//   - Cancellation: once ctx is done, a fetch in flight stops with an error
//     wrapping ctx's error (unless it finishes first), pages not yet started
//     carry fetchbench.ErrNotFetched, and FetchAll returns ctx.Err().
//     Otherwise it returns nil.
//   - Waiting: FetchAll waits for every goroutine before it returns, so
//     nothing it started is still running afterwards.
//   - Options: Limit caps the requests in flight; Limit <= 0 means no limit,
//     every request at once. Timeout, MaxBodyBytes and MaxScripts apply to
//     each page.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	// Each goroutine writes only its own pages[i], so no mutex is needed.
	pages := make([]fetchbench.Page, len(urls))

	// A semaphore: one slot per request in flight. Nil means no limit.
	var sem chan struct{}
	if opts.Limit > 0 {
		sem = make(chan struct{}, opts.Limit)
	}

	var wg sync.WaitGroup
	for i, url := range urls {
		wg.Go(func() {
			if sem != nil {
				// No select on ctx: once it is done, Get returns NotFetched at once.
				sem <- struct{}{}
				defer func() { <-sem }()
			}
			pages[i] = fetchbench.Get(ctx, client, url, opts)
		})
	}
	// Wait is a synchronization point: every write to pages is visible after it.
	wg.Wait()
	return pages, ctx.Err()
}
