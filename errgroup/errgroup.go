// Package errgroup fetches pages concurrently with golang.org/x/sync/errgroup,
// and gives up on the whole run at the first failed page.
//
// An errgroup.Group is a sync.WaitGroup that also keeps the first error, and
// WithContext makes that error cancel everything else. SetLimit bounds how
// many goroutines run at once. Together they are the shortest correct way to
// write a bounded, fail-fast fan-out in Go: the twin of Python's
// asyncio.TaskGroup with a Semaphore, where the first exception cancels the
// other tasks.
//
// Pick this style when one failure makes the rest of the work worthless, for
// example when every page is needed to build one report. When each page stands
// on its own and you want every result you can get, pick a collect-all style
// instead (goroutines or channels): here, one 404 cancels the other pages.
package errgroup

import (
	"context"
	"net/http"

	// The x/sync package is also called errgroup, the same name as this
	// one. Importing it as xerrgroup makes every call say where it comes
	// from: xerrgroup.WithContext is golang.org/x/sync's, not ours.
	xerrgroup "golang.org/x/sync/errgroup"

	"fetchbench"
)

var _ fetchbench.FetchFunc = FetchAll

// FetchAll fetches urls concurrently with fetchbench.Get, at most opts.Limit
// at a time, and stops at the first page that fails.
//
//   - Order: pages[i] is the result for urls[i], whatever order the pages
//     finish in.
//   - Errors: fail-fast. The first page whose Get returns a Page.Err
//     cancels the run, and FetchAll returns that error. Every URL still
//     gets its Page: the failed page keeps its own error, pages in flight
//     fail with errors wrapping context.Canceled, and pages not yet started
//     carry fetchbench.ErrNotFetched (which also wraps context.Canceled).
//     A page that exceeds opts.Timeout is a failure like any other.
//   - Cancellation: once ctx is done, no new page starts, pages in flight
//     fail with errors wrapping ctx.Err(), and pages not yet started carry
//     fetchbench.ErrNotFetched. FetchAll then returns ctx.Err(), even if a
//     page failed first: the caller's own reason wins.
//   - Waiting: FetchAll returns only after every goroutine it started has
//     returned, so nothing outlives the call.
//   - Panics: Get never panics. If the function given to g.Go did, x/sync
//     v0.25.0 would not recover it: like any panic in a goroutine, it would
//     crash the whole program, and no recover in the caller could stop it.
//   - Options: Limit bounds the requests in flight (Limit <= 0 means no
//     limit). Timeout and MaxBodyBytes apply to each page.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))

	// gctx is cancelled when a function passed to g.Go returns an error.
	// It is also cancelled when g.Wait returns, even after a run with no
	// errors, so it must not be used after Wait.
	g, gctx := xerrgroup.WithContext(ctx)
	if opts.Limit > 0 {
		// Only for Limit > 0: SetLimit(0) would make every g.Go block
		// forever. A Group with no SetLimit call has no limit.
		g.SetLimit(opts.Limit)
	}

	for i, url := range urls {
		// g.Go blocks while Limit goroutines are running, and errgroup
		// cancels gctx but does not stop this loop. Without this check the
		// loop would go on after a failure, waiting for a free slot and
		// starting a goroutine for every remaining URL, only for each of
		// them to find out from Get that the run is over.
		if gctx.Err() != nil {
			pages[i] = fetchbench.NotFetched(gctx, url)
			continue
		}
		g.Go(func() error {
			// Each goroutine writes only its own pages[i], and Wait
			// returns after they all have: no lock is needed.
			pages[i] = fetchbench.Get(gctx, client, url, opts)
			return pages[i].Err // non-nil cancels gctx, and so the run
		})
	}

	err := g.Wait()
	if ctx.Err() != nil {
		// The caller cancelled, or its deadline passed. Wait's error is
		// then whichever page failed first: usually one in flight that
		// failed with ctx's error, but maybe an unrelated failure, or nil
		// if no page was in flight. Return ctx.Err() itself, so that the
		// caller always gets the reason it gave: errors.Is(err,
		// context.Canceled) holds after a cancel, and DeadlineExceeded
		// after a deadline.
		return pages, ctx.Err()
	}
	return pages, err
}
