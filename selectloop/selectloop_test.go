package selectloop_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/fetchtest"
	"fetchbench/fetchtest/sim"
	"fetchbench/selectloop"
)

func TestConformance(t *testing.T) {
	fetchtest.Run(t, selectloop.FetchAll, fetchtest.Traits{})
}

// A page stuck for an hour is cut at Timeout, while the other pages complete
// and the run returns at an exact fake time, after its abandoned fetches.
func TestTailCutAtTimeout(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		// Pages 4 and 9 (i%5 == 4) are the tail; the rest take 10 ms.
		site := sim.NewInMemory(sim.Config{
			Pages: 10, Latency: 10 * time.Millisecond, TailEvery: 5, TailLatency: time.Hour,
		})
		defer site.Close()

		client := site.Client()

		start := time.Now()
		pages, err := selectloop.FetchAll(t.Context(), client, site.URLs(),
			fetchbench.Options{Limit: 3, Timeout: 100 * time.Millisecond})
		elapsed := time.Since(start)
		require.NoError(t, err)

		// Three slots, in fake time:
		//   0 ms: pages 0, 1, 2 start.
		//  10 ms: they finish; pages 3, 4, 5 start (page 4's deadline: 110 ms).
		//  20 ms: 3 and 5 finish; 6 and 7 start, page 4 still holds a slot.
		//  30 ms: 6 and 7 finish; 8 and 9 start (page 9's deadline: 130 ms).
		//  40 ms: 8 finishes. Nothing is left to start.
		// 110 ms: page 4 is cut. 130 ms: page 9 is cut, and the run is over.
		assert.Equal(t, 130*time.Millisecond, elapsed)
		for i, p := range pages {
			if i%5 == 4 {
				assert.ErrorIs(t, p.Err, context.DeadlineExceeded, "tail page %d", i)
				continue
			}
			if assert.NoError(t, p.Err, "page %d", i) {
				assert.Len(t, p.Scripts, sim.WantScripts(i), "page %d", i)
			}
		}
		assert.Equal(t, 3, site.Stats().MaxInFlight, "Limit 3")
		assert.Zero(t, site.OpenRequests(), "requests still open: FetchAll waits for the fetches it abandoned")
	})
}

// Results arriving every 50 ms must not postpone a stuck page's 200 ms
// deadline, as a time.After(Timeout) re-created on each pass of the loop would.
func TestTrickleDoesNotPostponeDeadline(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		// Page 9 is stuck; pages 0 to 8 take 50 ms each.
		site := sim.NewInMemory(sim.Config{
			Pages: 10, Latency: 50 * time.Millisecond, TailEvery: 10, TailLatency: time.Hour,
		})
		defer site.Close()
		urls := append([]string{site.PageURL(9)}, site.URLs()[:9]...) // the stuck page first

		start := time.Now()
		pages, err := selectloop.FetchAll(t.Context(), site.Client(), urls,
			fetchbench.Options{Limit: 2, Timeout: 200 * time.Millisecond})
		elapsed := time.Since(start)
		require.NoError(t, err)

		// The stuck page holds one slot; the other delivers a page every
		// 50 ms (pages 0 to 3 at 50, 100, 150 and 200 ms). At 200 ms the
		// stuck page is cut and both slots run: 4 and 5 until 250 ms, 6 and
		// 7 until 300 ms, 8 until 350 ms. A timer restarted on every result
		// would not fire until 200 ms after the last one, at 650 ms.
		assert.Equal(t, 350*time.Millisecond, elapsed)
		assert.ErrorIs(t, pages[0].Err, context.DeadlineExceeded, "the stuck page")
		for i, p := range pages[1:] { // pages[1+i] is page i
			if assert.NoError(t, p.Err, "page %d", i) {
				assert.Len(t, p.Scripts, sim.WantScripts(i), "page %d", i)
			}
		}
	})
}

// Without a Timeout the deadline case stays off, and a slow page is waited
// for. (A minute, not an hour: NewClient's backstop would cut it at two.)
func TestNoTimeoutWaits(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{
			Pages: 4, Latency: 10 * time.Millisecond, TailEvery: 4, TailLatency: time.Minute,
		})
		defer site.Close()

		start := time.Now()
		pages, err := selectloop.FetchAll(t.Context(), site.Client(), site.URLs(), fetchbench.Options{Limit: 2})
		require.NoError(t, err)
		assert.Equal(t, time.Minute+10*time.Millisecond, time.Since(start), "page 3 starts at 10 ms and takes a minute")
		for i, p := range pages {
			assert.NoError(t, p.Err, "page %d", i)
		}
	})
}
