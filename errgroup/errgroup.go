// Package errgroup fetches pages concurrently with golang.org/x/sync/errgroup,
// and gives up on the whole run at the first failed page.
package errgroup

import (
	"context"
	"net/http"

	xerrgroup "golang.org/x/sync/errgroup" // renamed: this package is errgroup too

	"fetchbench"
)

var _ fetchbench.FetchFunc = FetchAll

// FetchAll fetches urls concurrently with fetchbench.Get, at most opts.Limit
// at a time, and stops at the first page that fails.
//
//   - Order: pages[i] is the result for urls[i].
//   - Errors: fail-fast. The first failed page cancels the run, and FetchAll
//     returns its error. Every URL still gets its Page: pages in flight fail
//     with errors wrapping context.Canceled, and pages not yet started carry
//     fetchbench.ErrNotFetched. A page past opts.Timeout is a failure too.
//   - Cancellation: once ctx is done, no new page starts, pages in flight
//     fail with errors wrapping ctx.Err(), and FetchAll returns ctx.Err(),
//     even if a page failed first: the caller's own reason wins.
//   - Waiting: nothing FetchAll started outlives the call.
//   - Panics: Get does not panic on what a server sends; a panic inside g.Go
//     would crash the program.
//   - Options: Limit bounds the requests in flight (Limit <= 0 means no
//     limit). Timeout, MaxBodyBytes and MaxScripts apply to each page.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	// gctx ends at the first error that a g.Go function returns.
	g, gctx := xerrgroup.WithContext(ctx)
	// Never SetLimit(0): every g.Go would block forever.
	if opts.Limit > 0 {
		g.SetLimit(opts.Limit)
	}

	for i, url := range urls {
		// errgroup does not stop this loop after a failure: this check does.
		if gctx.Err() != nil {
			pages[i] = fetchbench.NotFetched(gctx, url)
			continue
		}
		g.Go(func() error {
			page := fetchbench.Get(gctx, client, url, opts)
			pages[i] = page
			return page.Err
		})
	}

	err := g.Wait()
	// The caller's own reason wins over whichever page failed first.
	if ctx.Err() != nil {
		return pages, ctx.Err()
	}
	return pages, err
}
