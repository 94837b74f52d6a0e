// Package sequential fetches pages one after another, in a plain loop. It is
// the baseline that every other style is measured against: Go's version of
// the Python lesson's blocking requests.get loop.
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
//   - Errors: collect-all. A page's failure stays in its Page.Err and the
//     loop goes on to the next URL.
//   - Cancellation: once ctx is done, the remaining URLs are not fetched;
//     their pages carry fetchbench.ErrNotFetched, and FetchAll returns
//     ctx.Err(). Nothing runs in the background, so there is nothing to wait
//     for on return.
//   - Options: Timeout and MaxBodyBytes apply to each page. Limit is
//     ignored: one request is in flight at a time.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	for i, url := range urls {
		// Get checks ctx first, so a cancelled run skips the rest quickly.
		pages[i] = fetchbench.Get(ctx, client, url, opts)
	}
	return pages, ctx.Err()
}
