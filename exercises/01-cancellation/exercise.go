// Package cancellation is an exercise: a plain loop that keeps its own
// per-page timeout and stops when its caller cancels.
// Its README says what to write, and how to run the test that grades it.
package cancellation

import (
	"context"
	"net/http"

	"fetchbench"
	"fetchbench/exercises/internal/grade"
)

// FetchAll fetches urls one at a time, in order. Each page gets at most
// opts.Timeout (none when it is zero or less). Once ctx is done, no new page
// starts: the pages never started carry an error wrapping both
// fetchbench.ErrNotFetched and ctx.Err(), and FetchAll returns ctx.Err().
//
// The rule of this exercise: fetch with get, which ignores opts.Timeout, so
// that the timeout is yours to write.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	get := func(ctx context.Context, url string) fetchbench.Page {
		o := opts
		o.Timeout = 0
		return fetchbench.Get(ctx, client, url, o)
	}
	_ = get
	return nil, grade.ErrNotStarted // delete this line when you begin
}
