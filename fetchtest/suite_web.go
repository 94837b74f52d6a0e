package fetchtest

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

// The web cases run on a multi-host HTTPS web in memory, in a
// testing/synctest bubble, once over HTTP/2 and once over HTTP/1.1. Every
// connection pays the link's round trips, in fake time, so the timing checks
// are exact and cost no real time.
const (
	webHosts = 4
	webRTT   = 50 * time.Millisecond
)

// A webProto is one protocol the web cases run over.
type webProto struct {
	name      string // the suffix of the case's name
	http1Only bool
}

var webCases = webCasesFor(webProto{"HTTP2", false}, webProto{"HTTP1", true})

func webCasesFor(protos ...webProto) []suiteCase {
	var cs []suiteCase
	add := func(name, why string, run func(*testing.T, checker)) {
		cs = append(cs, suiteCase{name, why, run})
	}
	for _, p := range protos {
		over := fmt.Sprintf(" (%d HTTPS hosts, RTT %v, %s)", webHosts, webRTT, p.name)
		add("WebOrder"+p.name, "every URL across the hosts gets exactly one request and one Page, in input order, with exact scripts"+over, testWebOrder(p))
		add("WebErrors"+p.name, "a host that refuses and a certificate that is not trusted give typed errors in their own pages, and the other pages are intact"+over, testWebErrors(p))
		add("WebLimit"+p.name, "Options.Limit bounds the requests in flight on all hosts together, and a concurrent style reaches it"+over, testWebLimit(p))
		add("WebTimeoutStall"+p.name, "a body that stalls on one host fails at Options.Timeout with context.DeadlineExceeded, and the other hosts' pages are intact"+over, testWebTimeout(p, sim.Stall))
		add("WebTimeoutSlowHeaders"+p.name, "a host that never answers fails at Options.Timeout with context.DeadlineExceeded, and the other hosts' pages are intact"+over, testWebTimeout(p, sim.SlowHeaders))
		add("WebCancel"+p.name, "with Limit 2, ten pages of 1s are still fetching when ctx is cancelled at 2s: FetchAll returns promptly with ctx.Err(), and every URL is either done or carries the cancellation (a style that ignores Limit is done before the cancel)"+over, testWebCancel(p))
	}
	return cs
}

// newWeb starts the web of the web cases, in the caller's bubble, and a
// client from it with its open requests counted.
func newWeb(t *testing.T, p webProto, site sim.Config, limit int) (*sim.Web, *http.Client, func() int) {
	t.Helper()
	web := sim.NewWebInMemory(sim.WebConfig{
		Hosts: webHosts, Site: site, Link: sim.Link{RTT: webRTT}, TLS: true, HTTP1Only: p.http1Only,
	})
	t.Cleanup(web.Close)
	client := web.Client(limit)
	return web, client, sim.CountOpen(client)
}

// checkProto checks that the web served n requests, all over p.
func (c checker) checkProto(t *testing.T, urls []string, web *sim.Web, p webProto, n int) {
	t.Helper()
	s := web.Stats()
	got := s.HTTP2
	if p.http1Only {
		got = s.HTTP1
	}
	if s.Requests != n || got != n {
		c.errorf(t, urls, "%d requests, %d of them over %s", fmt.Sprintf("exactly %d, all over %s", n, p.name), s.Requests, got, p.name)
	}
}

func testWebOrder(p webProto) func(*testing.T, checker) {
	return func(t *testing.T, c checker) {
		synctest.Test(t, func(t *testing.T) {
			const n, limit = 40, 8
			// Jitter makes the pages finish out of order.
			web, client, open := newWeb(t, p, sim.Config{Pages: n, Latency: 10 * time.Millisecond, Jitter: 30 * time.Millisecond}, limit)
			urls := web.URLs(n)
			pages, err := c.call(t, t.Context(), client, urls, fetchbench.Options{Limit: limit})
			if err != nil {
				c.errorf(t, urls, "error %v", "nil", err)
			}
			for i := range pages {
				c.checkPage(t, urls, pages, i, i)
			}
			c.checkProto(t, urls, web, p, n)
			c.checkNothingOpen(t, urls, open)
		})
	}
}

func testWebErrors(p webProto) func(*testing.T, checker) {
	return func(t *testing.T, c checker) {
		synctest.Test(t, func(t *testing.T) {
			const limit = 4
			web, client, open := newWeb(t, p, sim.Config{Pages: 8}, limit)
			page := func(i int) outcome { return healthy(web.Site(i%webHosts), i) }
			want := []outcome{
				page(0),
				failing(web.RefusingURL(), "an error wrapping syscall.ECONNREFUSED", is(syscall.ECONNREFUSED)),
				page(1),
				failing(web.UntrustedURL(), "an error wrapping x509.UnknownAuthorityError", isUnknownAuthority),
				page(2),
				faultOutcome(web.Site(3), sim.NotFound),
				page(3),
				page(4),
			}
			c.checkOutcomes(t, t.Context(), client, want, fetchbench.Options{Limit: limit})
			urls := make([]string, len(want))
			for i, w := range want {
				urls[i] = w.url
			}
			c.checkNothingOpen(t, urls, open)
		})
	}
}

func isUnknownAuthority(err error) bool {
	var e x509.UnknownAuthorityError
	return errors.As(err, &e)
}

func testWebLimit(p webProto) func(*testing.T, checker) {
	return func(t *testing.T, c checker) {
		synctest.Test(t, func(t *testing.T) {
			const n, limit = 32, 8
			want := limit
			if c.traits.Sequential {
				want = 1
			}
			// Every request's handler waits the same fake 100 ms, and a
			// style that keeps limit requests going has them all in the
			// handlers at once: the web's global counter sees them, across
			// the hosts.
			web, client, _ := newWeb(t, p, sim.Config{Pages: n, Latency: 100 * time.Millisecond}, limit)
			urls := web.URLs(n)
			pages, err := c.call(t, t.Context(), client, urls, fetchbench.Options{Limit: limit})
			got := web.Stats().MaxInFlight
			t.Logf("Limit %d, %d pages on %d hosts: the most requests in flight at once on all hosts together: %d", limit, n, webHosts, got)
			if got != want {
				c.errorf(t, urls, "%d requests in flight at most", fmt.Sprintf("exactly %d", want), got)
			}
			if err != nil {
				c.errorf(t, urls, "error %v", "nil", err)
			}
			for i := range pages {
				c.checkPage(t, urls, pages, i, i)
			}
		})
	}
}

func testWebTimeout(p webProto, fault sim.Fault) func(*testing.T, checker) {
	return func(t *testing.T, c checker) {
		synctest.Test(t, func(t *testing.T) {
			const limit, timeout = 3, 2 * time.Second
			web, client, open := newWeb(t, p, sim.Config{Pages: 3}, limit)
			urls := []string{web.Site(0).PageURL(0), web.Site(1).FaultURL(fault), web.Site(2).PageURL(2)}
			// A concurrent style starts all three at once. Each healthy
			// page is the first on its host: TCP, TLS, then the request,
			// 3 RTTs. Run one at a time, they come on top of the timeout.
			most := timeout
			if c.traits.Sequential {
				most += 2 * 3 * webRTT
			}
			c.checkTimeout(t, client, urls, fetchbench.Options{Limit: limit, Timeout: timeout}, most, open, 2)
		})
	}
}

func testWebCancel(p webProto) func(*testing.T, checker) {
	return func(t *testing.T, c checker) {
		synctest.Test(t, func(t *testing.T) {
			// At limit 2, pages 0 and 1 finish at 3 RTTs + 1 s, and pages
			// 2 and 3 reach their hosts, new ones, 2.5 RTTs later. The
			// cancel comes at 2 s, when every request sent has reached its
			// host, so a URL whose request no host saw was never sent.
			const n, latency, cancelAt = 10, time.Second, 2 * time.Second
			web, client, open := newWeb(t, p, sim.Config{Pages: n, Latency: latency}, 2)
			c.checkCancel(t, client, web.URLs(n), cancelAt, 3*webRTT+latency, open, func() int { return web.Stats().Requests })
		})
	}
}
