package errgroup_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/errgroup"
	"fetchbench/fetchtest"
	"fetchbench/fetchtest/sim"
)

func TestConformance(t *testing.T) {
	fetchtest.Run(t, errgroup.FetchAll, fetchtest.Traits{FailFast: true})
}

// TestFailFastCancelsInFlight checks that the first page error cancels the
// pages already in flight: FetchAll returns at once with the 404, instead of
// waiting out the other pages' latency.
func TestFailFastCancelsInFlight(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		const limit, latency = 4, time.Second
		// The barrier holds every request until limit of them are in
		// flight, so the three slow pages have surely been sent when the
		// 404 comes back.
		site := sim.NewInMemory(sim.Config{Pages: 5, Latency: latency, Barrier: limit})
		defer site.Close()
		client := site.Client()

		urls := []string{
			site.PageURL(0), site.PageURL(1), site.FaultURL(sim.NotFound), site.PageURL(2), // in flight
			site.PageURL(3), site.PageURL(4), // not started
		}
		start := time.Now()
		pages, err := errgroup.FetchAll(t.Context(), client, urls, fetchbench.Options{Limit: limit})
		elapsed := time.Since(start)

		var statusErr *fetchbench.StatusError
		require.ErrorAs(t, err, &statusErr, "FetchAll returns the first page error")
		assert.Equal(t, 404, statusErr.Code)
		assert.Equal(t, pages[2].Err, err, "the failed page keeps its own error")
		assert.Zero(t, elapsed, "in fake time, FetchAll returns as soon as the 404 arrives, not after %v", latency)
		assert.Equal(t, limit, site.Stats().Requests, "only the first limit pages were sent")

		for _, i := range []int{0, 1, 3} {
			assert.ErrorIs(t, pages[i].Err, context.Canceled, "pages[%d] was in flight: cancelled", i)
			assert.NotErrorIs(t, pages[i].Err, fetchbench.ErrNotFetched, "pages[%d] was sent", i)
		}
		for _, i := range []int{4, 5} {
			assert.ErrorIs(t, pages[i].Err, fetchbench.ErrNotFetched, "pages[%d] never started", i)
			assert.ErrorIs(t, pages[i].Err, context.Canceled, "pages[%d] never started", i)
		}
	})
}

// TestProducerStops checks that after a failure no further request is sent,
// however many URLs are left, and that every URL left gets ErrNotFetched.
//
// The exact bound: pages[1] fails at once and every other page takes a
// second, so no slot frees up before the failure. errgroup cancels gctx
// before it frees the failed goroutine's slot, so the goroutine that the
// blocked g.Go then starts sees gctx done, and Get sends nothing for it. The
// loop's own gctx.Err() check skips the rest. So at most Limit requests are
// sent, and the barrier makes it exactly Limit: both first pages are in
// flight before the 404 is served.
//
// Get checks ctx too, so this bound would hold even without the loop's
// check; what that check saves is the goroutine per remaining URL.
func TestProducerStops(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		const limit, n = 2, 100
		site := sim.NewInMemory(sim.Config{Pages: n, Latency: time.Second, Barrier: limit})
		defer site.Close()
		client := site.Client()

		urls := site.URLs()
		urls[1] = site.FaultURL(sim.NotFound)
		pages, err := errgroup.FetchAll(t.Context(), client, urls, fetchbench.Options{Limit: limit})

		var statusErr *fetchbench.StatusError
		require.ErrorAs(t, err, &statusErr, "FetchAll returns the first page error")
		assert.Equal(t, limit, site.Stats().Requests, "no request is sent after the failure")
		assert.ErrorIs(t, pages[0].Err, context.Canceled, "pages[0] was in flight: cancelled")
		assert.NotErrorIs(t, pages[0].Err, fetchbench.ErrNotFetched, "pages[0] was sent")
		for i := 2; i < n; i++ {
			assert.ErrorIs(t, pages[i].Err, fetchbench.ErrNotFetched, "pages[%d] never started", i)
		}
	})
}

// TestCancelReturnsCtxErr checks that when the caller cancels, FetchAll
// returns exactly ctx.Err(), not the error of whichever page failed first.
func TestCancelReturnsCtxErr(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{Pages: 6, Latency: time.Second})
		defer site.Close()
		client := site.Client()

		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(time.Second/2, cancel) // while the first pages are in flight
		pages, err := errgroup.FetchAll(ctx, client, site.URLs(), fetchbench.Options{Limit: 3})

		assert.Equal(t, ctx.Err(), err, "FetchAll returns ctx.Err() itself")
		for i, p := range pages {
			assert.ErrorIs(t, p.Err, context.Canceled, "pages[%d]", i)
		}
	})
}
