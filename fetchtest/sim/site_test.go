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
	assert.Equal(t, 3, site.Stats().MaxInFlight)
	assert.Equal(t, 3, site.Stats().Requests)
	assert.Equal(t, 3, site.Stats().NewConns)

	site.ResetStats()
	require.NoError(t, fetchbench.Get(t.Context(), client, site.PageURL(3), fetchbench.Options{}).Err)
	assert.Equal(t, 1, site.Stats().MaxInFlight)
	assert.Equal(t, 1, site.Stats().Requests)
	assert.Zero(t, site.Stats().NewConns, "an idle connection was reused")
}

// A Site counts the same in every mode: on loopback or in memory, alone or
// as a host of a Web. And Close stops it in every mode.
func TestSiteCountsInEveryMode(t *testing.T) {
	defer goleak.VerifyNone(t)
	cfg := sim.Config{Pages: 1, PageSize: 4 << 10}
	inWeb := func(web *sim.Web) (*sim.Site, func()) { return web.Site(0), web.Close }
	alone := func(site *sim.Site) (*sim.Site, func()) { return site, func() {} }
	for name, start := range map[string]func() (*sim.Site, func()){
		"NewServer":      func() (*sim.Site, func()) { return alone(sim.NewServer(cfg)) },
		"NewInMemory":    func() (*sim.Site, func()) { return alone(sim.NewInMemory(cfg)) },
		"NewWeb":         func() (*sim.Site, func()) { return inWeb(sim.NewWeb(sim.WebConfig{Site: cfg})) },
		"NewWebInMemory": func() (*sim.Site, func()) { return inWeb(sim.NewWebInMemory(sim.WebConfig{Site: cfg})) },
	} {
		t.Run(name, func(t *testing.T) {
			site, closeWeb := start()
			defer closeWeb()
			client := site.Client()
			resp, err := client.Get(site.PageURL(0))
			require.NoError(t, err)
			assert.Equal(t, 1, site.OpenRequests(), "the body is not closed yet")
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Zero(t, site.OpenRequests(), "the body is closed")

			s := site.Stats()
			assert.Equal(t, 1, s.Requests)
			assert.Equal(t, 1, s.MaxInFlight)
			assert.Equal(t, 1, s.NewConns)
			assert.Greater(t, s.ClientBytes, int64(len("GET /page/0 HTTP/1.1\r\n")), "the request")
			assert.Greater(t, s.ServerBytes, int64(len(body)), "the response, head and body")

			site.Close()
			_, err = client.Get(site.PageURL(0))
			assert.Error(t, err, "a closed site serves nothing")
		})
	}
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
