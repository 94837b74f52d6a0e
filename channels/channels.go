// Package channels fetches pages with a worker pool: a fixed number of
// worker goroutines take jobs from one channel and send their results on
// another. [Stream] hands each page over the moment it is done, in
// completion order; [FetchAll] collects them back into input order.
package channels

import (
	"context"
	"net/http"
	"sync"

	"fetchbench"
)

var _ fetchbench.FetchFunc = FetchAll

// A Result is one page from Stream.
type Result struct {
	Index int // the page is the result for urls[Index]
	Page  fetchbench.Page
}

// A job is one URL for a worker to fetch, with its index for the Result.
type job struct {
	index int
	url   string
}

// Stream fetches urls with a pool of workers, using fetchbench.Get, and sends
// each page on the returned channel as soon as it is done: in completion
// order, not input order. Every URL gets exactly one Result, and the channel
// is closed after the last one, once every goroutine Stream started has
// returned. Options are honoured as in FetchAll.
//
// The channel has room for every Result, so no worker ever waits for the
// reader, and a reader may stop at any time: after a cancel, the run ends
// promptly whether or not anyone reads. URLs not yet handed to a worker when
// ctx is done get a Result carrying fetchbench.ErrNotFetched.
func Stream(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) <-chan Result {
	// One worker per URL when there is no limit; never a worker with no URL.
	workers := len(urls)
	if opts.Limit > 0 {
		workers = min(opts.Limit, len(urls))
	}
	// Unbuffered, so a job changes hands only when a worker takes it: after
	// a cancel, the producer knows which URLs no worker has seen.
	jobs := make(chan job)
	// Room for every page, so a fetched page is never dropped.
	results := make(chan Result, len(urls))
	var wg sync.WaitGroup

	// The producer. Closing jobs ends the workers' range loops.
	wg.Go(func() {
		defer close(jobs)
		for i, url := range urls {
			select {
			case jobs <- job{index: i, url: url}:
			case <-ctx.Done():
				for j := i; j < len(urls); j++ {
					results <- Result{Index: j, Page: fetchbench.NotFetched(ctx, urls[j])}
				}
				return
			}
		}
	})

	for range workers {
		wg.Go(func() {
			for j := range jobs {
				results <- Result{Index: j.index, Page: fetchbench.Get(ctx, client, j.url, opts)}
			}
		})
	}

	// Once the producer and every worker are back, nothing can send on results.
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// FetchAll fetches urls with a pool of workers, using fetchbench.Get, and
// collects the pages into input order.
//
//   - Order: pages[i] is the result for urls[i], whatever order the pages
//     finish in.
//   - Errors: collect-all. Every page is tried; a page's failure stays in its
//     Page.Err and the workers go on with the next URL.
//   - Cancellation: once ctx is done, fetches in flight fail with an error
//     wrapping ctx's error, and pages that never reached a worker carry
//     fetchbench.ErrNotFetched. A page fetched before the cancel is kept.
//     FetchAll returns ctx.Err(); otherwise it returns nil.
//   - Waiting: FetchAll reads results until they are closed, after every
//     worker has returned, so nothing it started outlives the call.
//   - Options: Limit is the number of workers, so at most Limit requests are
//     in flight; Limit <= 0 means one worker per URL, every request at once.
//     Timeout, MaxBodyBytes and MaxScripts apply to each page.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	for r := range Stream(ctx, client, urls, opts) {
		pages[r.Index] = r.Page // out of order: the index says where
	}
	return pages, ctx.Err()
}
