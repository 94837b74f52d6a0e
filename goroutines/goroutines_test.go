package goroutines_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/fetchtest"
	"fetchbench/fetchtest/sim"
	"fetchbench/goroutines"
)

func TestConformance(t *testing.T) {
	fetchtest.Run(t, goroutines.FetchAll, fetchtest.Traits{})
}

// TestLimit proves the limit in both directions. The site's Barrier holds
// every request until want of them are in flight at once, so reaching want
// is proved, not left to luck; MaxInFlight proves it was never exceeded.
func TestLimit(t *testing.T) {
	const n = 100
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"no limit when Limit is 0", 0, n},
		{"no limit when Limit is negative", -1, n},
		{"Limit 5", 5, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			synctest.Test(t, func(t *testing.T) {
				site := sim.NewInMemory(sim.Config{Pages: n, Barrier: tt.want})
				defer site.Close()
				client := site.Client()
				// If fewer than want requests ever run at once, the
				// barrier holds them all: this deadline (fake time, so
				// instant) turns that into a failure instead of a hang.
				ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
				defer cancel()

				pages, err := goroutines.FetchAll(ctx, client, site.URLs(), fetchbench.Options{Limit: tt.limit})
				require.NoError(t, err)
				assert.Equal(t, tt.want, site.Stats().MaxInFlight, "most requests in flight at once")
				for i, p := range pages {
					assert.NoError(t, p.Err, "pages[%d]", i)
				}
			})
		})
	}
}

// TestCancelSkipsWaitingPages checks the choice to acquire the semaphore
// without a select on ctx.Done(): after a cancel, the goroutines waiting for
// a permit send no request, their pages carry fetchbench.ErrNotFetched, and
// FetchAll still returns at the moment of the cancel.
func TestCancelSkipsWaitingPages(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		const n, limit = 20, 2
		const cancelAt = 1500 * time.Millisecond
		site := sim.NewInMemory(sim.Config{Pages: n, Latency: time.Second})
		defer site.Close()
		client := site.Client()

		// Pages finish in pairs at 1 s, 2 s, …: cancel halfway through the
		// second pair.
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(cancelAt, cancel)

		start := time.Now()
		pages, err := goroutines.FetchAll(ctx, client, site.URLs(), fetchbench.Options{Limit: limit})
		assert.Equal(t, cancelAt, time.Since(start), "FetchAll returned after (fake time)")
		require.ErrorIs(t, err, context.Canceled)

		var done, interrupted, skipped int
		for i, p := range pages {
			switch {
			case p.Err == nil:
				done++
			case errors.Is(p.Err, fetchbench.ErrNotFetched): // wraps context.Canceled too: test it first
				skipped++
			case errors.Is(p.Err, context.Canceled):
				interrupted++
			default:
				assert.Fail(t, "unexpected error", "pages[%d].Err = %v; want nil or an error wrapping context.Canceled", i, p.Err)
			}
		}
		assert.Equal(t, limit, done, "pages done before the cancel")
		assert.Equal(t, limit, interrupted, "pages cancelled in flight")
		assert.Equal(t, n-2*limit, skipped, "pages never fetched")
		assert.Equal(t, 2*limit, site.Stats().Requests, "requests the server saw")
	})
}
