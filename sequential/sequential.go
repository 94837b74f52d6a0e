// Package sequential fetches pages one after another: the baseline loop.
package sequential

import (
	"context"
	"net/http"

	"fetchbench"
)

var _ fetchbench.FetchFunc = FetchAll

// FetchAll fetches urls one at a time, in order, with fetchbench.Get.
//
//   - Order: pages[i] is the result for urls[i].
//   - Errors: collect-all. A failure stays in its Page.Err; the loop goes on.
//   - Cancellation: once ctx is done, the remaining URLs are not fetched;
//     their pages carry fetchbench.ErrNotFetched, and FetchAll returns
//     ctx.Err().
//   - Waiting: nothing runs in the background, so nothing outlives the call.
//   - Options: Timeout, MaxBodyBytes and MaxScripts apply to each page; Limit
//     is ignored.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	for i, url := range urls {
		// No check of ctx here: after a cancel, Get returns ErrNotFetched at once.
		pages[i] = fetchbench.Get(ctx, client, url, opts)
	}
	return pages, ctx.Err()
}
