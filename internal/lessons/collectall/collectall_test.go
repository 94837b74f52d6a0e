package collectall_test

import (
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/lessons/collectall"
)

// In fake time: 10 pages of 1s each and 2 that fail at once, at most 3 at a
// time. Every page is tried, and both failures are reported.
func TestFetchAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{Pages: 10, Latency: time.Second})
		defer site.Close()
		urls := site.URLs()
		urls = append(urls[:8:8], site.FaultURL(sim.NotFound), urls[8], site.FaultURL(sim.ServerError), urls[9])

		start := time.Now()
		pages, err := collectall.FetchAll(t.Context(), site.Client(), urls, 3)
		took := time.Since(start)
		fetched := 0
		for _, p := range pages {
			if p.Err == nil {
				fetched++
			}
		}
		t.Logf("%d URLs, limit 3: took %v, at most %d in flight, %d fetched; err:\n%v",
			len(urls), took, site.Stats().MaxInFlight, fetched, err)

		assert.Equal(t, 4*time.Second, took) // ⌈10 pages ÷ 3⌉ rounds of 1s
		assert.Equal(t, 3, site.Stats().MaxInFlight)
		assert.Equal(t, 10, fetched)
		var status *fetchbench.StatusError
		require.ErrorAs(t, err, &status) // errors.As looks inside a join
		assert.Equal(t, 404, status.Code)
		assert.Len(t, err.(interface{ Unwrap() []error }).Unwrap(), 2)
		assert.False(t, errors.Is(err, fetchbench.ErrNotFetched))
	})
}
