package channels_test

import (
	"cmp"
	"context"
	"io"
	"net/http"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/channels"
	"fetchbench/fetchtest"
	"fetchbench/fetchtest/sim"
)

func TestConformance(t *testing.T) {
	fetchtest.Run(t, channels.FetchAll, fetchtest.Traits{})
}

// Stream yields pages in the order they finish, FetchAll in input order.
// In a synctest bubble every page finishes exactly at its latency, so the
// completion order is deterministic.
func TestStreamCompletionOrder(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		const n = 8
		site := sim.NewInMemory(sim.Config{Pages: n, Latency: 100 * time.Millisecond, Jitter: time.Second})
		defer site.Close()
		client := site.Client()

		// List the pages slowest first, so urls[0] finishes last and the
		// completion order is the reverse of the input order.
		slowestFirst := make([]int, n)
		for i := range n {
			slowestFirst[i] = i
		}
		slices.SortFunc(slowestFirst, func(a, b int) int { return cmp.Compare(site.Latency(b), site.Latency(a)) })
		urls := make([]string, n)
		for i, page := range slowestFirst {
			urls[i] = site.PageURL(page)
			if i > 0 {
				require.Greater(t, site.Latency(slowestFirst[i-1]), site.Latency(page), "the test needs distinct latencies")
			}
		}
		latency := func(i int) time.Duration { return site.Latency(slowestFirst[i]) }

		start := time.Now()
		var order []int
		for r := range channels.Stream(t.Context(), client, urls, fetchbench.Options{}) {
			require.NoError(t, r.Page.Err)
			assert.Equal(t, urls[r.Index], r.Page.URL, "Result.Index names the page's URL")
			assert.Equal(t, latency(r.Index), time.Since(start), "urls[%d] arrives as soon as it is done", r.Index)
			order = append(order, r.Index)
		}
		assert.Equal(t, []int{7, 6, 5, 4, 3, 2, 1, 0}, order, "Stream yields pages in completion order")

		start = time.Now()
		pages, err := channels.FetchAll(t.Context(), client, urls, fetchbench.Options{})
		require.NoError(t, err)
		assert.Equal(t, latency(0), time.Since(start), "FetchAll takes as long as the slowest page")
		for i, p := range pages {
			assert.Equal(t, urls[i], p.URL, "FetchAll returns pages in input order")
			assert.NoError(t, p.Err)
		}
	})
}

// A reader that cancels ctx and walks away leaks nothing: no send waits for
// the reader, so all of Stream's goroutines return, and the channel, closed
// behind them, holds exactly one Result for each URL not yet read.
func TestStreamCancelAndStopReading(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		const n = 20
		site := sim.NewInMemory(sim.Config{Pages: n, Latency: 100 * time.Millisecond, Jitter: time.Second})
		defer site.Close()
		client := site.Client()

		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		results := channels.Stream(ctx, client, site.URLs(), fetchbench.Options{Limit: 4})
		seen := map[int]bool{}
		for range 2 {
			r := <-results
			require.NoError(t, r.Page.Err)
			seen[r.Index] = true
		}
		cancel() // and read no more

		// Wait until every goroutine in the bubble has returned or is
		// blocked for good. Stream's goroutines must all have returned.
		synctest.Wait()
		for {
			select {
			case r, ok := <-results:
				if !ok {
					assert.Len(t, seen, n, "one Result for every URL")
					assert.Less(t, site.Stats().Requests, n, "the producer stopped handing out URLs after the cancel")
					return
				}
				assert.False(t, seen[r.Index], "urls[%d] got a second Result", r.Index)
				seen[r.Index] = true
			default:
				require.Fail(t, "results is still open after the cancel: a goroutine Stream started is stuck")
				return
			}
		}
	})
}

// After a cancel, FetchAll accounts for every page, returns at once with
// ctx.Err(), and has waited for the workers: no request is still open.
func TestFetchAllCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		const n, latency, cancelAt = 10, time.Second, 1500 * time.Millisecond
		site := sim.NewInMemory(sim.Config{Pages: n, Latency: latency})
		defer site.Close()
		client := site.Client()

		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(cancelAt, cancel)
		start := time.Now()
		pages, err := channels.FetchAll(ctx, client, site.URLs(), fetchbench.Options{Limit: 2})
		assert.Equal(t, cancelAt, time.Since(start), "FetchAll returns as soon as ctx is cancelled")
		require.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, site.OpenRequests(), "FetchAll returned while a worker still had a request open")

		// Two workers: pages 0 and 1 finish at 1s, pages 2 and 3 are in
		// flight at the cancel, and the rest never reach a worker.
		assert.Equal(t, 4, site.Stats().Requests, "no request is sent after the cancel")
		for i, p := range pages {
			switch {
			case i < 2:
				assert.NoError(t, p.Err, "pages[%d] finished before the cancel", i)
			case i < 4:
				assert.ErrorIs(t, p.Err, context.Canceled, "pages[%d] was in flight at the cancel", i)
			default:
				assert.ErrorIs(t, p.Err, fetchbench.ErrNotFetched, "pages[%d] never reached a worker", i)
				assert.ErrorIs(t, p.Err, context.Canceled, "pages[%d] says why it was not fetched", i)
			}
		}
	})
}

// A page whose fetch finished before a cancel is reported as fetched. The
// test holds every fetch at its body's Close, after the page was parsed,
// cancels, and only then lets the fetches return: each worker then has a
// finished page in hand and a cancelled ctx.
func TestFinishedPagesSurviveCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 32
		site := sim.NewInMemory(sim.Config{Pages: n})
		defer site.Close()
		release := make(chan struct{})
		client := site.Client()
		client.Transport = holdClose{client.Transport, release}

		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		var pages []fetchbench.Page
		done := make(chan struct{})
		go func() {
			defer close(done)
			pages, _ = channels.FetchAll(ctx, client, site.URLs(), fetchbench.Options{Limit: n})
		}()
		synctest.Wait() // every fetch is parsed and waits at Close
		cancel()
		close(release)
		<-done
		for i, p := range pages {
			assert.NoError(t, p.Err, "pages[%d] was fetched before the cancel", i)
		}
	})
}

// holdClose is a RoundTripper whose response bodies wait for release before
// they close.
type holdClose struct {
	http.RoundTripper
	release <-chan struct{}
}

func (h holdClose) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := h.RoundTripper.RoundTrip(req)
	if err == nil {
		resp.Body = heldBody{resp.Body, h.release}
	}
	return resp, err
}

type heldBody struct {
	io.ReadCloser
	release <-chan struct{}
}

func (b heldBody) Close() error {
	<-b.release
	return b.ReadCloser.Close()
}
