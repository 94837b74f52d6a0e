package sim

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"fetchbench"
)

// Domain is the domain of every host of a Web. The .test top-level domain
// is reserved, so no name in it is ever a real host.
const Domain = "fetchtest.test"

// The names of a Web's special hosts: one that refuses every connection,
// and one whose certificate no client of the web trusts.
const (
	RefusingHost  = "refusing." + Domain
	UntrustedHost = "untrusted." + Domain
)

// WebConfig describes a Web.
type WebConfig struct {
	// Hosts is how many hosts serve the site: h0.fetchtest.test,
	// h1.fetchtest.test, and so on. Zero means 1.
	Hosts int

	// Site is what every host serves: its pages, with their latency (the
	// server's own think time), jitter, tail, size and faults. Each host
	// counts its own requests for Site.Barrier.
	Site Config

	// Link is the network between the client and every host.
	Link Link

	// HostLinks, if not empty, gives host i the link HostLinks[i %
	// len(HostLinks)] instead of Link, so that hosts can be near and far.
	HostLinks []Link

	// TLS serves HTTPS on port 443, with certificates from a CA made for
	// the web, instead of plain HTTP on port 80. HTTP/2 is offered by ALPN
	// unless HTTP1Only is set.
	TLS       bool
	HTTP1Only bool

	// RedirectHTTP makes every host of a TLS web answer plain HTTP on port
	// 80 too, with a 301 to the same URL over HTTPS, as most real sites do.
	// Those redirects are not counted as requests; their connections are.
	RedirectHTTP bool

	// MaxConcurrentStreams is the most HTTP/2 streams a host allows on one
	// connection. Zero means net/http's default, 250.
	MaxConcurrentStreams int

	// Crawl, if set, gives the pages links, robots.txt and flaky pages:
	// see CrawlConfig.
	Crawl *CrawlConfig
}

// A Web is a small internet of hosts behind one link model, on loopback
// sockets in real time (NewWeb) or in memory (NewWebInMemory), where it
// works inside a testing/synctest bubble. Every host serves the same Site.
// Its methods are safe for concurrent use.
type Web struct {
	cfg      WebConfig
	hosts    []*host          // h0, h1, …
	byAddr   map[string]*host // "h0.fetchtest.test:443", …
	inMemory bool
	roots    *x509.CertPool // the web's CA, for its clients

	inFlight    atomic.Int64 // requests in flight on all hosts together
	maxInFlight atomic.Int64

	down      chan struct{} // closed by Close: the link drops what it carries
	closeOnce sync.Once
	wg        sync.WaitGroup // serve loops, connections, senders and handlers

	mu      sync.Mutex
	closing bool                  // no new connection or request from now on
	clients []*http.Client        // made by Client, closed by Close
	wires   map[net.Conn]struct{} // under the link, until their sender stops
}

// A host is one server of a Web.
type host struct {
	web      *Web
	name     string
	site     *Site
	link     Link
	srv      *http.Server
	listener net.Listener // before the link: in memory, or a loopback socket
}

// NewWeb starts a Web whose hosts listen on loopback sockets, with the link
// model in real time. Call Close when done.
func NewWeb(cfg WebConfig) *Web { return newWeb(cfg, false, nil) }

// NewWebInMemory starts a Web that opens no sockets: its hosts are reached
// only through its clients, over in-memory connections. Inside a
// testing/synctest bubble, every round trip of the link takes fake time
// only. Call Close when done, in the same bubble.
func NewWebInMemory(cfg WebConfig) *Web { return newWeb(cfg, true, nil) }

// newWeb starts a web. names, if not nil, replaces the hosts' names.
func newWeb(cfg WebConfig, inMemory bool, names []string) *Web {
	cfg.Hosts = max(cfg.Hosts, 1)
	w := &Web{
		cfg:      cfg,
		byAddr:   map[string]*host{},
		wires:    map[net.Conn]struct{}{},
		inMemory: inMemory,
		down:     make(chan struct{}),
	}
	var trusted, untrusted *tls.Certificate
	if cfg.TLS {
		ca := webCerts()
		w.roots, trusted, untrusted = ca.roots, ca.leaf, ca.untrusted
	}
	for i := range cfg.Hosts {
		name := fmt.Sprintf("h%d.%s", i, Domain)
		if names != nil {
			name = names[i]
		}
		link := cfg.Link
		if len(cfg.HostLinks) > 0 {
			link = cfg.HostLinks[i%len(cfg.HostLinks)]
		}
		h := w.start(&host{web: w, name: name, site: newSite(cfg.Site), link: link}, trusted)
		w.addCrawl(h, i)
		servers := []*http.Server{h.srv}
		if cfg.TLS && cfg.RedirectHTTP {
			servers = append(servers, w.start(&host{web: w, name: name, site: h.site, link: link}, nil).srv)
		}
		h.site.stop = func() {
			for _, srv := range servers {
				srv.Close()
			}
		}
		w.hosts = append(w.hosts, h)
	}
	if cfg.TLS {
		w.start(&host{web: w, name: UntrustedHost, site: newSite(cfg.Site), link: cfg.Link}, untrusted)
	}
	return w
}

// start serves h over HTTPS with cert, or over plain HTTP if cert is nil.
// On plain HTTP, a host of a TLS web only redirects to HTTPS.
func (w *Web) start(h *host, cert *tls.Certificate) *host {
	name := h.name
	scheme, port := "http", "80"
	if cert != nil {
		scheme, port = "https", "443"
	}
	handler := http.HandlerFunc(h.serveHTTP)
	if w.cfg.TLS && cert == nil {
		handler = redirectToHTTPS
	} else {
		h.site.URL = scheme + "://" + name
		h.site.web = w
	}
	if w.inMemory {
		h.listener = newMemListener(name + ":" + port)
	} else {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(fmt.Sprintf("sim: failed to listen on a loopback port: %v", err))
		}
		h.listener = l
	}
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetHTTP2(cert != nil && !w.cfg.HTTP1Only)
	var h2 *http.HTTP2Config
	if n := w.cfg.MaxConcurrentStreams; n > 0 {
		h2 = &http.HTTP2Config{MaxConcurrentStreams: n}
	}
	h.srv = &http.Server{
		Handler:   handler,
		ConnState: h.trackConns,
		Protocols: &protocols,
		HTTP2:     h2,
		ErrorLog:  discardLog, // a handshake the client rejects is expected
	}
	l := hostListener{Listener: h.listener, h: h}
	serve := func() { h.srv.Serve(l) }
	if cert != nil {
		h.srv.TLSConfig = &tls.Config{
			Certificates: []tls.Certificate{*cert},
			VerifyConnection: func(tls.ConnectionState) error {
				h.site.handshakes.Add(1) // called once per completed handshake
				return nil
			},
		}
		serve = func() { h.srv.ServeTLS(l, "", "") }
	}
	w.byAddr[name+":"+port] = h
	w.wg.Go(serve)
	return h
}

// redirectToHTTPS sends a request to the same URL over HTTPS.
func redirectToHTTPS(rw http.ResponseWriter, r *http.Request) {
	u := *r.URL
	u.Scheme, u.Host = "https", r.Host
	http.Redirect(rw, r, u.String(), http.StatusMovedPermanently)
}

// serveHTTP counts the request in the web's global counters, then serves
// it from the host's site.
func (h *host) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	w := h.web
	w.mu.Lock()
	if w.closing {
		w.mu.Unlock()
		http.Error(rw, "closing", http.StatusServiceUnavailable)
		return
	}
	w.wg.Add(1)
	w.mu.Unlock()
	defer w.wg.Done()
	n := w.inFlight.Add(1)
	defer w.inFlight.Add(-1)
	raise(&w.maxInFlight, n)
	h.site.ServeHTTP(rw, r)
}

// raise sets m to n if n is larger.
func raise(m *atomic.Int64, n int64) {
	for old := m.Load(); n > old && !m.CompareAndSwap(old, n); {
		old = m.Load()
	}
}

// Client returns a client tuned exactly like fetchbench.NewClient(limit),
// that reaches the web's hosts through the link and trusts the web's CA. It
// uses no DNS, no /etc/hosts, no proxy and not the system's trust store: a
// host outside the web refuses the connection. Close closes its idle
// connections.
func (w *Web) Client(limit int) *http.Client {
	c := fetchbench.NewClient(limit)
	t := c.Transport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = w.dial
	t.TLSClientConfig = &tls.Config{RootCAs: cmp.Or(w.roots, x509.NewCertPool())}
	c.Transport = t
	w.mu.Lock()
	w.clients = append(w.clients, c)
	w.mu.Unlock()
	return c
}

// dial connects to a host of the web after one RTT, the time a TCP
// handshake takes. A host not in the web refuses, also after one RTT.
func (w *Web) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	fail := func(err error) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Addr: memAddr(addr), Err: err}
	}
	h := w.byAddr[addr]
	rtt := w.cfg.Link.RTT // a host not in the web refuses after the default RTT
	if h != nil {
		rtt = h.link.RTT
	}
	timer := time.NewTimer(rtt)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		return fail(ctx.Err())
	case <-w.down:
		return fail(net.ErrClosed)
	}
	if h == nil {
		return fail(os.NewSyscallError("connect", syscall.ECONNREFUSED))
	}
	if !w.inMemory {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", h.listener.Addr().String())
		if err != nil {
			return nil, err
		}
		if lc, ok := w.linkConn(c, h.link, &h.site.clientBytes); ok {
			return lc, nil
		}
		return fail(net.ErrClosed)
	}
	client, server := memPipe(addr)
	lc, ok := w.linkConn(client, h.link, &h.site.clientBytes)
	if !ok {
		server.Close()
		return fail(net.ErrClosed)
	}
	if !h.listener.(*memListener).connect(ctx, server) {
		server.Close()
		lc.Close()
		return fail(cmp.Or(ctx.Err(), error(os.NewSyscallError("connect", syscall.ECONNREFUSED))))
	}
	return lc, nil
}

// linkConn puts the link in front of wire's writes and starts its sender,
// or closes wire and reports false if the web is closing.
func (w *Web) linkConn(wire net.Conn, link Link, bytes *atomic.Int64) (*linkConn, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closing {
		wire.Close()
		return nil, false
	}
	c := newLinkConn(wire, link, w.down, bytes)
	w.wires[wire] = struct{}{}
	w.wg.Go(func() {
		c.send()
		w.mu.Lock()
		delete(w.wires, wire)
		w.mu.Unlock()
	})
	return c, true
}

// URLs returns n page URLs spread over the hosts in turn: URL i is page i
// on host i%Hosts, so it holds WantScripts(i) scripts. It panics if
// Site.Pages is less than n, as a host would answer 404 for the rest.
func (w *Web) URLs(n int) []string {
	if pages := w.cfg.Site.Pages; n > pages {
		panic(fmt.Sprintf("sim: Web.URLs(%d) with Site.Pages = %d: URL i is page i, so Site.Pages must be at least %d (it counts the pages of each host)", n, pages, n))
	}
	urls := make([]string, n)
	for i := range urls {
		urls[i] = w.hosts[i%len(w.hosts)].site.PageURL(i)
	}
	return urls
}

// Site returns the site that host i serves, for its FaultURL, PageURL and
// counters.
func (w *Web) Site(i int) *Site { return w.hosts[i].site }

// RefusingURL returns the URL of a page on a host that refuses every
// connection, one RTT after the dial.
func (w *Web) RefusingURL() string { return w.scheme() + "://" + RefusingHost + "/page/0" }

// UntrustedURL returns the URL of a page on a host whose certificate is
// signed by a CA that no client of the web trusts. On a web without TLS,
// that host does not exist and refuses, like RefusingURL.
func (w *Web) UntrustedURL() string { return "https://" + UntrustedHost + "/page/0" }

func (w *Web) scheme() string {
	if w.cfg.TLS {
		return "https"
	}
	return "http"
}

// Close closes the idle connections of every client from Client, releases
// every waiting handler, shuts every host down, drops what the link still
// carries, and waits until everything the web started has stopped. So a
// synctest bubble that defers it ends cleanly. Calls after the first do
// nothing.
func (w *Web) Close() { w.closeOnce.Do(w.close) }

func (w *Web) close() {
	w.mu.Lock()
	w.closing = true
	clients := w.clients
	w.mu.Unlock()
	for _, h := range w.byAddr {
		h.site.release()
	}
	for _, c := range clients {
		c.CloseIdleConnections()
	}
	for _, h := range w.byAddr {
		h.srv.Close()
	}
	close(w.down)
	// A sender may wait in a write to a wire that nobody reads any more.
	w.mu.Lock()
	for wire := range w.wires {
		wire.Close()
	}
	w.mu.Unlock()
	w.wg.Wait()
}

// ResetStats starts every counter again, on every host and for the web.
func (w *Web) ResetStats() {
	w.maxInFlight.Store(w.inFlight.Load())
	for _, h := range w.hosts {
		h.site.ResetStats()
	}
}

// String describes the web, for test logs.
func (w *Web) String() string {
	mode := "loopback"
	if w.inMemory {
		mode = "in memory"
	}
	return fmt.Sprintf("sim.Web(%s, %+v)", mode, w.cfg)
}

// discardLog keeps the servers quiet: a handshake that a client rejects,
// or a connection the link drops at Close, is expected here.
var discardLog = log.New(io.Discard, "", 0)
