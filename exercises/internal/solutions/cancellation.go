// Package solutions holds the reference answers to the exercises that have
// no style of their own in fetchbench. CI grades them with the exercises'
// own tests.
package solutions

import (
	"context"
	"net/http"
	"time"

	"fetchbench"
)

// FetchAll answers exercise 01-cancellation.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	get := func(ctx context.Context, url string) fetchbench.Page {
		o := opts
		o.Timeout = 0
		return fetchbench.Get(ctx, client, url, o)
	}
	pages := make([]fetchbench.Page, len(urls))
	for i, url := range urls {
		pages[i] = fetchPage(ctx, url, opts.Timeout, get)
	}
	return pages, ctx.Err()
}

// fetchPage gives one page its own deadline. It is a function of its own so
// that defer cancel runs after each page, not once at the end of the loop.
func fetchPage(ctx context.Context, url string, timeout time.Duration, get func(context.Context, string) fetchbench.Page) fetchbench.Page {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	return get(ctx, url)
}
