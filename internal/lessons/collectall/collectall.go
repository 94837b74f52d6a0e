// Package collectall holds the code of chapter 9 of the fetchbench course:
// a bounded fan-out that tries every page and reports every failure.
package collectall

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/sync/errgroup"

	"fetchbench"
)

// FetchAll fetches urls with fetchbench.Get, at most limit at a time
// (limit > 0), and tries every one: a failed page stops nothing. It returns
// the pages in input order, and the failures joined with errors.Join, each
// prefixed with its index, or nil if there were none. Once ctx is done, the
// pages not yet begun fail at once with fetchbench.ErrNotFetched.
func FetchAll(ctx context.Context, client *http.Client, urls []string, limit int) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	errs := make([]error, len(urls)) // like pages: each goroutine writes its own
	var g errgroup.Group             // no WithContext: a failure cancels nothing
	g.SetLimit(limit)
	for i, url := range urls {
		g.Go(func() error { // blocks while limit goroutines run
			pages[i] = fetchbench.Get(ctx, client, url, fetchbench.Options{})
			if pages[i].Err != nil {
				errs[i] = fmt.Errorf("urls[%d]: %w", i, pages[i].Err)
			}
			return nil // Wait would keep only the first error; errs keeps all
		})
	}
	g.Wait()
	return pages, errors.Join(errs...) // nil when every errs[i] is
}
