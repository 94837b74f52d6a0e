// Package selectloop is an exercise: one for-select loop that owns all the state and cuts a page at opts.Timeout.
// Its README says what to write, and how to run the test that grades it.
package selectloop

import (
	"context"
	"net/http"

	"fetchbench"
	"fetchbench/exercises/internal/grade"
)

// FetchAll fetches urls with fetchbench.Get: one for-select loop that owns all the state and cuts a page at opts.Timeout.
// It keeps the contract of fetchbench.FetchFunc that fetchtest.Run checks.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	return nil, grade.ErrNotStarted // delete this line when you begin
}
