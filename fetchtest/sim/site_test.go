package sim_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

func TestLatency(t *testing.T) {
	site := sim.NewInMemory(sim.Config{
		Pages: 100, Latency: 10 * time.Millisecond, Jitter: 5 * time.Millisecond,
		TailEvery: 10, TailLatency: time.Second,
	})
	defer site.Close()
	seen := map[time.Duration]bool{}
	for i := range 100 {
		d := site.Latency(i)
		assert.Equal(t, d, site.Latency(i), "deterministic")
		assert.Zero(t, d%time.Millisecond, "whole milliseconds")
		if i%10 == 9 {
			assert.Equal(t, time.Second, d, "page %d is a tail page", i)
			continue
		}
		assert.GreaterOrEqual(t, d, 10*time.Millisecond)
		assert.LessOrEqual(t, d, 15*time.Millisecond)
		seen[d] = true
	}
	assert.Len(t, seen, 6, "jitter covers 0 to 5 ms")
}

func TestPagesHoldTheirScripts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{Pages: 8, PageSize: 20 << 10})
		defer site.Close()
		client := site.Client()
		total := 0
		for i, url := range site.URLs() {
			p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
			require.NoError(t, p.Err)
			assert.Len(t, p.Scripts, sim.WantScripts(i))
			assert.InDelta(t, 20<<10, p.Bytes, 2<<10, "PageSize pads the page")
			total += len(p.Scripts)
		}
		assert.Equal(t, sim.WantTotal(8), total)
	})
}

// The server's counters see what the client did: each request, the most
// at once, and each new connection.
func TestServerCounters(t *testing.T) {
	defer goleak.VerifyNone(t)
	site := sim.NewServer(sim.Config{Pages: 4, Barrier: 3})
	defer site.Close()
	client := fetchbench.NewClient(3)
	defer client.CloseIdleConnections()

	// The barrier holds the requests until 3 are in flight at once.
	pages := make(chan fetchbench.Page)
	for _, url := range site.URLs()[:3] {
		go func() { pages <- fetchbench.Get(t.Context(), client, url, fetchbench.Options{}) }()
	}
	for range 3 {
		require.NoError(t, (<-pages).Err)
	}
	assert.Equal(t, 3, site.MaxInFlight())
	assert.Equal(t, 3, site.Requests())
	assert.Equal(t, 3, site.NewConns())

	site.ResetStats()
	require.NoError(t, fetchbench.Get(t.Context(), client, site.PageURL(3), fetchbench.Options{}).Err)
	assert.Equal(t, 1, site.MaxInFlight())
	assert.Equal(t, 1, site.Requests())
	assert.Zero(t, site.NewConns(), "an idle connection was reused")
}

func TestInMemoryOtherHostIsRefused(t *testing.T) {
	site := sim.NewInMemory(sim.Config{})
	defer site.Close()
	_, err := site.Client().Get("http://example.com/")
	assert.True(t, errors.Is(err, syscall.ECONNREFUSED), "got %v", err)
}

// A stalled body reaches the reader as it is written, then fails when the
// request is cancelled: the in-memory transport streams like a socket.
func TestInMemoryStreams(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{})
		defer site.Close()
		req, err := http.NewRequestWithContext(t.Context(), "GET", site.FaultURL(sim.Stall), nil)
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		resp, err := site.Client().Do(req.WithContext(ctx))
		require.NoError(t, err)
		defer resp.Body.Close()
		buf := make([]byte, 64)
		n, err := resp.Body.Read(buf)
		require.NoError(t, err)
		assert.Equal(t, "<!DOCTYPE html>", string(buf[:15]), "the first half arrives (%d bytes)", n)
		_, err = io.ReadAll(resp.Body)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}
