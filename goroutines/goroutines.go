// Package goroutines fetches every page at once, one goroutine per URL, and
// waits for all of them with a sync.WaitGroup. It is Go's version of the
// Python lesson's asyncio step: where Python creates a coroutine per URL and
// awaits them together with asyncio.gather, Go starts a goroutine per URL and
// calls wg.Wait. Like gather, and unlike the lesson's asyncio.as_completed,
// the results come back in input order. Options.Limit, when set, is a
// buffered channel used as a semaphore: the twin of asyncio.Semaphore.
//
// Pick it when you want every result and the list is at most a few thousand
// URLs long: it is the shortest concurrent version, and a goroutine costs only
// a few kilobytes. With Limit set, the goroutines still all start, and most
// of them wait their turn; for a very long list, a fixed pool of Limit
// workers does the same work with fewer goroutines. To stop at the first
// error instead, use errgroup.WithContext.
//
// This version avoids three classic bugs:
//
//   - Capturing the loop variable. Before Go 1.22, every goroutine started in
//     "for i, url := range urls" shared one i and one url, so many of them
//     fetched a later URL and wrote to the wrong page. Since Go 1.22 each
//     iteration has its own i and url, and the closure can use them directly.
//   - Calling wg.Add inside the goroutine. Then wg.Wait can run before the
//     Add and return while fetches are still writing to pages. wg.Go calls
//     Add before the goroutine starts, and Done when it returns.
//   - Unbounded fan-out. With no limit, ten thousand URLs are ten thousand
//     requests and sockets at once: enough to run out of file descriptors,
//     or to be throttled by the server. Set Options.Limit.
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
//     every request at once. Timeout and MaxBodyBytes apply to each page.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	// Each goroutine writes only its own element, pages[i], so no mutex is
	// needed: distinct slice elements are distinct variables, and goroutines
	// that write different variables do not race. wg.Wait then makes every
	// write visible here. (Appending to a shared slice instead would race,
	// and would lose the input order.)
	pages := make([]fetchbench.Page, len(urls))

	// sem is a counting semaphore: each slot in its buffer is a permit for
	// one request in flight. It stays nil when there is no limit.
	var sem chan struct{}
	if opts.Limit > 0 {
		sem = make(chan struct{}, opts.Limit)
	}

	var wg sync.WaitGroup
	for i, url := range urls {
		wg.Go(func() {
			if sem != nil {
				// A plain send, not a select on ctx.Done(). FetchAll waits
				// for the fetches in flight whatever we do here, and they
				// end as soon as ctx is done, because Get sends its request
				// with ctx. Each waiting goroutine then gets a permit in
				// turn, and Get, which checks ctx first, returns
				// fetchbench.NotFetched without sending anything. A select
				// would save only those channel handoffs, and Get's check
				// would still be needed: select picks at random when both
				// cases are ready.
				sem <- struct{}{}        // acquire: blocks while Limit fetches run
				defer func() { <-sem }() // release, once Get has returned
			}
			pages[i] = fetchbench.Get(ctx, client, url, opts)
		})
	}
	wg.Wait()
	return pages, ctx.Err()
}
