// Package channels fetches pages with a worker pool: a fixed number of
// worker goroutines take jobs from one channel and send their results on
// another. Results arrive in the order the pages finish, so [Stream] hands
// each page to its caller the moment it is done. It is Go's answer to the
// Python lesson's asyncio.as_completed; [FetchAll] then collects the stream
// back into input order, as asyncio.gather would.
//
// Pick it when you want to act on each page as soon as it arrives (print
// progress, stop after the first few, feed another stage), or when the URL
// list is long: Limit workers do all the work, however many URLs there are.
// If you only need the final slice, the goroutines and errgroup styles say
// the same thing with less machinery.
//
// Three rules keep a pool from leaking or hanging, and this file follows each:
//
//   - A channel is closed once nothing can send on it any more: the producer
//     closes jobs after its last send, and a separate goroutine closes results
//     after wg.Wait, when every worker has returned. A reader's range loop
//     ends only because of these closes.
//   - Every send also selects on ctx.Done(), so that after a cancel no
//     goroutine waits for a reader that has gone away.
//   - Each result carries the index of its URL, because results arrive out of
//     order.
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
// with ctx's error, and results nobody has taken are dropped. To stop early,
// cancel ctx and then drain the channel (for range results {}); the drain
// ends as soon as the workers have returned, so after it nothing is running.
// Stopping without a cancel leaks the workers, blocked on their next send.
//
// A channel, rather than a callback, because it is the subject of this
// package, and because the caller keeps control: it reads when it is ready,
// with a plain range loop, or in a select next to a timer or another stream.
func Stream(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) <-chan Result {
	results := make(chan Result)
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

	// At most `workers` requests are in flight because each worker runs one
	// Get at a time; a buffered jobs channel would keep the same bound. What
	// unbuffered channels add is backpressure from the reader: the producer
	// never runs ahead of the workers, since a job changes hands only when a
	// worker takes it, and a worker hands its page over before it takes the
	// next job, so a slow reader slows the fetching.
	jobs := make(chan job)
	var wg sync.WaitGroup

	// The producer. It closes jobs when it returns, which ends the workers'
	// range loops. After a cancel it stops handing out jobs.
	wg.Go(func() {
		defer close(jobs)
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
				case results <- r: // a reader waits, or the buffer has room: a fetched page is never dropped
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

	// Close results only when nothing can send on it any more. So a reader
	// that sees it closed knows that every goroutine above has returned.
	go func() {
		wg.Wait()
		close(results)
	}()
}

// FetchAll fetches urls with a pool of workers, using fetchbench.Get, and
// collects what Stream sends back into input order.
//
//   - Order: pages[i] is the result for urls[i], whatever order the pages
//     finish in.
//   - Errors: collect-all. Every page is tried; a page's failure stays in its
//     Page.Err and the workers go on with the next URL.
//   - Cancellation: once ctx is done, fetches in flight fail with an error
//     wrapping ctx's error, and pages that never reached a worker carry
//     fetchbench.ErrNotFetched. A page fetched before the cancel is kept.
//     FetchAll returns ctx.Err(); otherwise it returns nil.
//   - Waiting: FetchAll returns only after every worker has returned. It reads
//     Stream's channel until it is closed, and that happens after wg.Wait, so
//     nothing FetchAll started is still running afterwards.
//   - Options: Limit is the number of workers, so at most Limit requests are
//     in flight; Limit <= 0 means one worker per URL, every request at once.
//     Timeout and MaxBodyBytes apply to each page.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	arrived := make([]bool, len(urls))
	results := make(chan Result, len(urls)) // room for every page: no worker waits, so none drops a page
	start(ctx, client, urls, opts, results)
	for r := range results {
		pages[r.Index] = r.Page // results come out of order: the index says where
		arrived[r.Index] = true
	}

	// Every worker has returned; a missing page never reached one.
	for i, url := range urls {
		if !arrived[i] {
			pages[i] = fetchbench.NotFetched(ctx, url)
		}
	}
	return pages, ctx.Err()
}
