// Package goroutines is an exercise: one goroutine per URL, at most opts.Limit at a time.
// Its README says what to write, and how to run the test that grades it.
package goroutines

import (
	"context"
	"net/http"

	"fetchbench"
	"fetchbench/exercises/internal/grade"
)

// FetchAll fetches urls with fetchbench.Get: one goroutine per URL, at most opts.Limit at a time.
// It keeps the contract of fetchbench.FetchFunc that fetchtest.Run checks.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	return nil, grade.ErrNotStarted // delete this line when you begin
}
