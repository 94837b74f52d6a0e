package sim_test

import (
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

// The tests in this file prove that the link model is exact. In a synctest
// bubble CPU work takes no fake time, so a fetch lasts exactly as long as
// the round trips it pays. The RTT is r, the server's latency 0 and the
// bandwidth unlimited unless a test says otherwise. Each test logs its
// measured figures next to the model's.
const r = 100 * time.Millisecond

// get fetches url and returns how long it took, in fake time.
func get(t *testing.T, client *http.Client, url string) time.Duration {
	t.Helper()
	start := time.Now()
	p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
	require.NoError(t, p.Err)
	return time.Since(start)
}

// burst fetches every URL at once and returns how long they took together.
func burst(t *testing.T, client *http.Client, urls []string) time.Duration {
	t.Helper()
	start := time.Now()
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Go(func() {
			p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
			assert.NoError(t, p.Err)
		})
	}
	wg.Wait()
	return time.Since(start)
}

// A page on a fresh client pays the TCP handshake (1 RTT), then the TLS 1.3
// handshake (1 RTT: the client's Finished travels with the request), then
// the request (1 RTT). The same page again reuses the connection: 1 RTT.
func TestFreshAndReusedPage(t *testing.T) {
	for _, tt := range []struct {
		name                 string
		tls, http1Only       bool
		fresh, reused        time.Duration
		handshakes, http1Req int
	}{
		{name: "HTTPS over HTTP/2", tls: true, fresh: 3 * r, reused: r, handshakes: 1},
		{name: "HTTPS over HTTP/1.1", tls: true, http1Only: true, fresh: 3 * r, reused: r, handshakes: 1, http1Req: 2},
		{name: "plain HTTP/1.1", fresh: 2 * r, reused: r, http1Req: 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				web := sim.NewWebInMemory(sim.WebConfig{
					Site: sim.Config{Pages: 1}, Link: sim.Link{RTT: r}, TLS: tt.tls, HTTP1Only: tt.http1Only,
				})
				defer web.Close()
				client := web.Client(1)
				url := web.URLs(1)[0]

				fresh := get(t, client, url)
				reused := get(t, client, url)
				t.Logf("%s: fresh %v (model %v), reused %v (model %v)", tt.name, fresh, tt.fresh, reused, tt.reused)
				assert.Equal(t, tt.fresh, fresh, "fresh page")
				assert.Equal(t, tt.reused, reused, "the same page on the same client")
				s := web.Stats()
				assert.Equal(t, 1, s.NewConns, "the second request reused the connection")
				assert.Equal(t, tt.handshakes, s.Handshakes)
				assert.Equal(t, tt.http1Req, s.HTTP1, "requests over HTTP/1.1")
				assert.Equal(t, 2-tt.http1Req, s.HTTP2, "requests over HTTP/2")
			})
		})
	}
}

// 100 pages on one host at limit 100 finish in 3 RTTs, over HTTP/2 as over
// HTTP/1.1: every request dials at once, so they all pay the two handshakes
// together. A cold burst opens 100 connections even over HTTP/2: each
// request starts its own dial before any connection has learnt, by ALPN,
// that the host speaks h2. That is net/http's documented behaviour (golang/go
// issues 39389 and 27044), not a bug of the link. One request first, then
// the burst, gives HTTP/2 its single connection, and the burst takes 1 RTT.
func TestBurst(t *testing.T) {
	const n = 100
	for _, tt := range []struct {
		name      string
		http1Only bool
		warm      bool
		took      time.Duration
		conns     int // the new connections the burst opened
	}{
		{name: "cold HTTP/2", took: 3 * r, conns: n},
		{name: "cold HTTP/1.1", http1Only: true, took: 3 * r, conns: n},
		// The warm-up connection carries all 100 streams: a Go server
		// allows 250 at once.
		{name: "warm HTTP/2", warm: true, took: r, conns: 0},
		// The warm-up connection serves one request; the 99 others dial.
		{name: "warm HTTP/1.1", http1Only: true, warm: true, took: 3 * r, conns: n - 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				web := sim.NewWebInMemory(sim.WebConfig{
					Site: sim.Config{Pages: n}, Link: sim.Link{RTT: r}, TLS: true, HTTP1Only: tt.http1Only,
				})
				defer web.Close()
				client := web.Client(n)
				urls := web.URLs(n)
				if tt.warm {
					get(t, client, urls[0])
					web.ResetStats()
				}

				took := burst(t, client, urls)
				s := web.Stats()
				t.Logf("%s: %d pages in %v (model %v) over %d new connections, %d TLS handshakes", tt.name, n, took, tt.took, s.NewConns, s.Handshakes)
				assert.Equal(t, tt.took, took)
				assert.Equal(t, tt.conns, s.NewConns, "new connections")
				assert.Equal(t, tt.conns, s.Handshakes, "TLS handshakes: one per new connection")
				if tt.http1Only {
					assert.Equal(t, n, s.HTTP1, "requests over HTTP/1.1")
				} else {
					assert.Equal(t, n, s.HTTP2, "requests over HTTP/2")
				}
			})
		})
	}
}

// At bandwidth b, a page of n bytes takes n/b more: every byte the link
// carries, counted by the web, costs 1/b, and a fetch waits for each flight
// before it sends the next. So a fetch takes its round trips plus the bytes
// on the wire over b, which is n/b and a little more for the request, the
// headers and the handshakes. Over HTTP/2, some of the client's bytes
// (SETTINGS acknowledgements, WINDOW_UPDATEs) travel while the response is
// still arriving, in the other direction, and cost nothing: the fetch takes
// a little less than that sum.
func TestBandwidth(t *testing.T) {
	const b = 1 << 20 // bytes per second
	perByte := func(n int64) time.Duration { return time.Duration(n * int64(time.Second) / b) }
	for _, tt := range []struct {
		name           string
		tls, http1Only bool
		warm           bool
		rtts           time.Duration
		overlap        bool // some bytes cost nothing: HTTP/2
	}{
		{name: "plain HTTP/1.1, reused connection", warm: true, rtts: r},
		{name: "plain HTTP/1.1, fresh", rtts: 2 * r},
		{name: "HTTPS over HTTP/1.1, fresh", tls: true, http1Only: true, rtts: 3 * r},
		{name: "HTTPS over HTTP/2, fresh", tls: true, rtts: 3 * r, overlap: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				web := sim.NewWebInMemory(sim.WebConfig{
					Site: sim.Config{Pages: 2, PageSize: 100 << 10}, Link: sim.Link{RTT: r, Bandwidth: b},
					TLS: tt.tls, HTTP1Only: tt.http1Only,
				})
				defer web.Close()
				client := web.Client(1)
				urls := web.URLs(2)
				if tt.warm {
					get(t, client, urls[0]) // opens the connection
					web.ResetStats()
				}

				took := get(t, client, urls[1])
				s := web.Stats()
				page := int64(fetchbench.Get(t.Context(), client, urls[1], fetchbench.Options{}).Bytes)
				wire := s.ClientBytes + s.ServerBytes
				t.Logf("%s: a %d-byte page at %d B/s took %v; %v + n/b = %v; %v + (%d bytes on the wire)/b = %v",
					tt.name, page, b, took, tt.rtts, tt.rtts+perByte(page), tt.rtts, wire, tt.rtts+perByte(wire))
				assert.Greater(t, took, tt.rtts+perByte(page), "the page's bytes cost n/b")
				// Each write's time is rounded down to the nanosecond on
				// its own: allow a microsecond.
				if tt.overlap {
					assert.LessOrEqual(t, took, tt.rtts+perByte(wire)+time.Microsecond)
				} else {
					assert.InDelta(t, tt.rtts+perByte(wire), took, float64(time.Microsecond))
				}
			})
		})
	}
}

// Dialing a host outside the web is refused after one RTT, the time a TCP
// reset takes to come back.
func TestRefusedAfterOneRTT(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{Link: sim.Link{RTT: r}, TLS: true})
		defer web.Close()
		start := time.Now()
		p := fetchbench.Get(t.Context(), web.Client(1), web.RefusingURL(), fetchbench.Options{})
		assert.Equal(t, r, time.Since(start))
		assert.Error(t, p.Err)
	})
}
