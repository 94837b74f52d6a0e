package sim_test

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"strings"
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

// URLs go to the hosts in turn, and URL i is page i wherever it goes, so
// the same checks hold as for one site.
func TestWebURLs(t *testing.T) {
	web := sim.NewWebInMemory(sim.WebConfig{Hosts: 3, Site: sim.Config{Pages: 5}, TLS: true})
	defer web.Close()
	assert.Equal(t, []string{
		"https://h0.fetchtest.test/page/0",
		"https://h1.fetchtest.test/page/1",
		"https://h2.fetchtest.test/page/2",
		"https://h0.fetchtest.test/page/3",
		"https://h1.fetchtest.test/page/4",
	}, web.URLs(5))
	assert.Equal(t, "https://h2.fetchtest.test/fault/stall", web.Site(2).FaultURL(sim.Stall))
}

// URLs refuses to name pages that no host serves, instead of URLs that
// answer 404.
func TestWebURLsPanicsPastPages(t *testing.T) {
	for _, cfg := range []sim.WebConfig{
		{Hosts: 2, Site: sim.Config{Pages: 3}}, // 3 pages on each host, numbered alike
		{},                                     // no pages at all
	} {
		web := sim.NewWebInMemory(cfg)
		assert.PanicsWithValue(t,
			fmt.Sprintf("sim: Web.URLs(6) with Site.Pages = %d: URL i is page i, so Site.Pages must be at least 6 (it counts the pages of each host)", cfg.Site.Pages),
			func() { web.URLs(6) }, "%+v", cfg)
		assert.Len(t, web.URLs(cfg.Site.Pages), cfg.Site.Pages)
		web.Close()
	}
}

// The web counts per host and across hosts; its MaxInFlight is the most
// requests in flight at once on all hosts together, which no host sees.
func TestWebStats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const hosts, n = 4, 12
		web := sim.NewWebInMemory(sim.WebConfig{
			Hosts: hosts, Site: sim.Config{Pages: n, Latency: time.Second}, Link: sim.Link{RTT: r}, TLS: true,
		})
		defer web.Close()
		took := burst(t, web.Client(0), web.URLs(n))

		s := web.Stats()
		t.Logf("%d pages on %d hosts at once: %v; %+v", n, hosts, took, s)
		assert.Equal(t, 3*r+time.Second, took, "3 RTTs and the server's latency")
		assert.Equal(t, n, s.Requests)
		assert.Equal(t, n, s.MaxInFlight, "all at once across the hosts")
		assert.Equal(t, n, s.HTTP2)
		require.Len(t, s.Hosts, hosts)
		for i, h := range s.Hosts {
			assert.Equal(t, n/hosts, h.Requests, "host %d", i)
			assert.Equal(t, n/hosts, h.MaxInFlight, "host %d", i)
			assert.Positive(t, h.ClientBytes, "host %d", i)
			assert.Positive(t, h.ServerBytes, "host %d", i)
		}

		web.ResetStats()
		assert.Zero(t, web.Stats().Requests)
		assert.Zero(t, web.Stats().MaxInFlight)
	})
}

// A host outside the web refuses; a host whose certificate comes from
// another CA fails the handshake. Both are typed errors a caller can test.
func TestWebTypedErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{Link: sim.Link{RTT: r}, TLS: true})
		defer web.Close()
		client := web.Client(2)

		refused := fetchbench.Get(t.Context(), client, web.RefusingURL(), fetchbench.Options{})
		assert.ErrorIs(t, refused.Err, syscall.ECONNREFUSED)

		untrusted := fetchbench.Get(t.Context(), client, web.UntrustedURL(), fetchbench.Options{})
		var unknown x509.UnknownAuthorityError
		assert.ErrorAs(t, untrusted.Err, &unknown)
		var verify *tls.CertificateVerificationError
		assert.ErrorAs(t, untrusted.Err, &verify)

		for _, url := range []string{"https://example.com/", "https://h0.fetchtest.test:8443/", "http://h0.fetchtest.test/"} {
			p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
			assert.ErrorIs(t, p.Err, syscall.ECONNREFUSED, "%s is not served", url)
		}
		assert.Zero(t, web.Stats().Requests)
	})
}

// Close stops everything the web started, even a response body nobody
// closed and writes still on their way: the bubble then ends cleanly.
func TestWebCloseStopsEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{Site: sim.Config{Pages: 1}, Link: sim.Link{RTT: r}, TLS: true})
		client := web.Client(1)
		resp, err := client.Get(web.Site(0).FaultURL(sim.Stall))
		require.NoError(t, err)
		head := make([]byte, 15)
		_, err = io.ReadFull(resp.Body, head)
		require.NoError(t, err)
		assert.Equal(t, "<!DOCTYPE html>", string(head))

		web.Close()
		_, err = io.ReadAll(resp.Body)
		assert.Error(t, err, "the body fails once the web is closed")
		resp.Body.Close()
		web.Close() // a second Close does nothing
	})
}

// On loopback the web runs in real time with the same model: a fresh page
// costs at least 3 RTTs, and a host's second page reuses the connection.
func TestWebOnLoopback(t *testing.T) {
	defer goleak.VerifyNone(t)
	const rtt, hosts = 5 * time.Millisecond, 3
	web := sim.NewWeb(sim.WebConfig{Hosts: hosts, Site: sim.Config{Pages: 2 * hosts}, Link: sim.Link{RTT: rtt}, TLS: true})
	defer web.Close()
	client := web.Client(1)
	for i, url := range web.URLs(2 * hosts) {
		start := time.Now()
		p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
		took := time.Since(start)
		require.NoError(t, p.Err)
		assert.Len(t, p.Scripts, sim.WantScripts(i))
		if i < hosts {
			assert.GreaterOrEqual(t, took, 3*rtt, "a fresh HTTPS page on %s", url)
		} else {
			assert.GreaterOrEqual(t, took, rtt, "a page on a reused connection")
		}
	}
	s := web.Stats()
	assert.Equal(t, 2*hosts, s.HTTP2)
	assert.Equal(t, hosts, s.NewConns, "one connection per host")
	assert.Equal(t, hosts, s.Handshakes)
	assert.True(t, strings.HasPrefix(web.String(), "sim.Web(loopback"), web.String())
}

// The Reset fault over HTTPS: over HTTP/1.1 the handler hijacks the
// connection and closes it mid-body, so the client reads
// io.ErrUnexpectedEOF; over HTTP/2 a response has no connection of its own,
// so the server resets the stream, and net/http's error for that has no
// exported type. Both ends then close at once, each with a TLS close_notify
// on its way: the link must not make them wait for each other.
func TestWebResetFault(t *testing.T) {
	for _, http1Only := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			web := sim.NewWebInMemory(sim.WebConfig{Site: sim.Config{Pages: 1}, Link: sim.Link{RTT: r}, TLS: true, HTTP1Only: http1Only})
			defer web.Close()
			p := fetchbench.Get(t.Context(), web.Client(1), web.Site(0).FaultURL(sim.Reset), fetchbench.Options{})
			if http1Only {
				assert.ErrorIs(t, p.Err, io.ErrUnexpectedEOF)
			} else {
				assert.ErrorContains(t, p.Err, "stream error")
			}
		})
	}
}

// A web's client is fetchbench.NewClient's, with only the way to the hosts
// replaced: no proxy, the web's dialer and the web's CA.
func TestWebClientIsTunedLikeNewClient(t *testing.T) {
	web := sim.NewWebInMemory(sim.WebConfig{TLS: true})
	defer web.Close()
	for _, limit := range []int{0, 1, 10} {
		want := fetchbench.NewClient(limit)
		got := web.Client(limit)
		wt, gt := want.Transport.(*http.Transport), got.Transport.(*http.Transport)
		assert.Equal(t, want.Timeout, got.Timeout, "limit %d", limit)
		assert.NotNil(t, got.CheckRedirect, "limit %d", limit)
		assert.Equal(t, wt.MaxIdleConns, gt.MaxIdleConns, "limit %d", limit)
		assert.Equal(t, wt.MaxIdleConnsPerHost, gt.MaxIdleConnsPerHost, "limit %d", limit)
		assert.Equal(t, wt.MaxConnsPerHost, gt.MaxConnsPerHost, "limit %d", limit)
		assert.Equal(t, wt.ResponseHeaderTimeout, gt.ResponseHeaderTimeout, "limit %d", limit)
		assert.Equal(t, wt.IdleConnTimeout, gt.IdleConnTimeout, "limit %d", limit)
		assert.Equal(t, wt.TLSHandshakeTimeout, gt.TLSHandshakeTimeout, "limit %d", limit)
		assert.Equal(t, wt.ForceAttemptHTTP2, gt.ForceAttemptHTTP2, "limit %d", limit)
		assert.Nil(t, gt.Proxy, "no proxy from the environment")
		assert.NotNil(t, gt.TLSClientConfig.RootCAs, "the web's CA, not the system's")
		want.CloseIdleConnections()
	}
}

// A TLS web with RedirectHTTP answers plain HTTP with a redirect to HTTPS,
// as the lesson's sites did: a fresh page reached over http:// costs 2 RTTs
// there and 3 more over HTTPS, each host at its own RTT.
func TestWebRedirectHTTPAndHostLinks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rtts := []time.Duration{20 * time.Millisecond, 70 * time.Millisecond}
		web := sim.NewWebInMemory(sim.WebConfig{
			Hosts: 2, Site: sim.Config{Pages: 2}, TLS: true, RedirectHTTP: true,
			HostLinks: []sim.Link{{RTT: rtts[0]}, {RTT: rtts[1]}},
		})
		defer web.Close()
		client := web.Client(0)
		for i, u := range web.URLs(2) {
			start := time.Now()
			p := fetchbench.Get(t.Context(), client, strings.Replace(u, "https://", "http://", 1), fetchbench.Options{})
			require.NoError(t, p.Err)
			assert.Equal(t, u, p.FinalURL, "redirected to HTTPS")
			assert.Equal(t, 5*rtts[i], time.Since(start), "host %d: TCP and the request on port 80, then TCP, TLS and the request on 443", i)
		}
		s := web.Stats()
		assert.Equal(t, 2, s.Requests, "the redirects are not counted as requests")
		assert.Equal(t, 4, s.NewConns, "their connections are")
		assert.Equal(t, 2, s.Handshakes)
	})
}
