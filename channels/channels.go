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
// order, not input order. The channel is closed once every goroutine Stream
// started has returned. Options are honoured as in FetchAll.
//
// The caller must either read the channel until it is closed, or cancel ctx.
// After a cancel, every goroutine stops without any help from the reader:
// URLs not yet handed to a worker are never fetched, fetches in flight fail
// with ctx's error, and a result nobody takes is dropped. To stop early,
// cancel ctx and then drain the channel (for range results {}); after the
// drain nothing is running. Stopping without a cancel leaks the workers.
func Stream(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) <-chan Result {
	results := make(chan Result) // unbuffered: a slow reader slows the workers
	start(ctx, client, urls, opts, results)
	return results
}

// start runs the pool of Stream, sending each page on results, and closes
// results once every goroutine it started has returned.
func start(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options, results chan<- Result) {
	workers := len(urls) // Limit <= 0: no limit, so one worker per URL
	if opts.Limit > 0 {
		workers = min(opts.Limit, len(urls)) // a worker with no URL to fetch would be waste
	}
	jobs := make(chan job) // unbuffered: the producer never runs ahead of the workers
	var wg sync.WaitGroup

	wg.Go(func() { // the producer
		defer close(jobs) // ends the workers' range loops
		for i, url := range urls {
			select {
			case jobs <- job{index: i, url: url}:
			case <-ctx.Done():
				return
			}
		}
	})

	for range workers {
		wg.Go(func() {
			for j := range jobs {
				r := Result{Index: j.index, Page: fetchbench.Get(ctx, client, j.url, opts)}
				select {
				case results <- r: // the send alone first: a fetched page is kept whenever it can be
				default:
					select {
					case results <- r:
					case <-ctx.Done():
						return // the reader may have stopped reading: drop the page
					}
				}
			}
		})
	}

	go func() {
		wg.Wait()
		close(results) // nothing can send on it any more
	}()
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
	arrived := make([]bool, len(urls))
	results := make(chan Result, len(urls)) // room for every page: no worker waits, so none drops a page
	start(ctx, client, urls, opts, results)
	for r := range results {
		pages[r.Index] = r.Page // results come out of order: the index says where
		arrived[r.Index] = true
	}

	for i, url := range urls {
		if !arrived[i] { // it never reached a worker
			pages[i] = fetchbench.NotFetched(ctx, url)
		}
	}
	return pages, ctx.Err()
}
