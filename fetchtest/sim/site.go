package sim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"fetchbench"
)

// Config describes a Site. The zero value serves 0 pages at no latency.
type Config struct {
	Pages int // pages served at /page/0 … /page/{Pages-1}, by each host of a Web

	// Latency is how long each page waits before its headers are sent.
	// Use whole milliseconds of 2 ms or more: shorter sleeps round up to
	// about 1 ms on an idle machine.
	Latency time.Duration

	// Jitter adds a deterministic 0 to Jitter extra wait per page, in whole
	// milliseconds, so that pages finish out of order.
	Jitter time.Duration

	// Every TailEvery-th page (page i with i%TailEvery == TailEvery-1)
	// waits TailLatency instead of Latency and Jitter. Zero means no tail.
	TailEvery   int
	TailLatency time.Duration

	// PageSize pads every page to about this many bytes with filler that
	// holds no scripts but plenty of decoys. Zero means no padding.
	PageSize int

	// Barrier holds every request until Barrier requests are in flight at
	// once (or the request is cancelled), then lets all of them through,
	// and every later request too: it opens once in the site's life, and
	// ResetStats does not close it again. It proves that a style reaches a
	// given concurrency. Zero means none.
	Barrier int
}

// A Site is a simulated website. Its methods are safe for concurrent use.
type Site struct {
	// URL is the site's base URL, with no trailing slash: a loopback
	// address for NewServer, "http://fetchtest.test" for NewInMemory, and
	// the host's name for a host of a Web, such as
	// "https://h0.fetchtest.test".
	URL string

	cfg         Config
	mux         *http.ServeMux
	filler      []byte
	web         *Web          // the web that serves the site, or nil
	stop        func()        // stops serving: see Close
	closed      chan struct{} // closed by Close, to release waiting handlers
	releaseOnce sync.Once
	closeOnce   sync.Once

	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	requests    atomic.Int64
	newConns    atomic.Int64
	handshakes  atomic.Int64
	http1       atomic.Int64  // requests served over HTTP/1.x
	http2       atomic.Int64  // requests served over HTTP/2
	clientBytes atomic.Int64  // bytes clients wrote to the site's connections
	serverBytes atomic.Int64  // bytes the site wrote to them
	open        atomic.Int64  // responses to Client's requests not yet closed
	gate        chan struct{} // closed when Barrier requests are in flight
	gateOnce    sync.Once

	mu      sync.Mutex
	clients []*http.Client // made by Client, closed by Close

	crawl *crawlHost // links, robots.txt and flaky pages: nil unless WebConfig.Crawl
}

// NewServer starts a Site on a loopback httptest server, with no link
// model: any client may reach it at URL. Call Close when done.
func NewServer(cfg Config) *Site {
	s := newSite(cfg)
	server := httptest.NewUnstartedServer(s)
	server.Listener = countingListener{Listener: server.Listener, site: s}
	server.Start()
	s.URL, s.stop = server.URL, server.Close
	return s
}

// NewInMemory returns a Site that opens no sockets: requests reach it only
// through the client from its Client method. It is a Web of one host named
// fetchtest.test, serving plain HTTP over a link with no delay, so the
// client and the server are net/http's own over in-memory connections, and
// it works inside a testing/synctest bubble. Call Close when done.
func NewInMemory(cfg Config) *Site {
	w := newWeb(WebConfig{Hosts: 1, Site: cfg}, true, []string{Domain})
	s := w.hosts[0].site
	s.stop = w.Close
	return s
}

func newSite(cfg Config) *Site {
	s := &Site{
		cfg:    cfg,
		mux:    http.NewServeMux(),
		filler: filler(cfg.PageSize),
		closed: make(chan struct{}),
		gate:   make(chan struct{}),
	}
	s.mux.HandleFunc("GET /page/{i}", s.servePage)
	s.mux.HandleFunc("GET /fault/{fault}", s.serveFault)
	return s
}

// Client returns a client for the site: fetchbench.NewClient(0), or for a
// site of a Web its Client(0), with a RoundTripper in front of the
// Transport that counts the requests still open (see OpenRequests).
func (s *Site) Client() *http.Client {
	var c *http.Client
	if s.web != nil {
		c = s.web.Client(0)
	} else {
		c = fetchbench.NewClient(0)
	}
	c.Transport = openCounter{RoundTripper: c.Transport, open: &s.open}
	s.mu.Lock()
	s.clients = append(s.clients, c)
	s.mu.Unlock()
	return c
}

// Close shuts the site down: it releases every waiting handler, closes
// the idle connections of clients from Client, and stops serving, so that
// a new connection is refused. For NewInMemory, the site is a whole Web,
// and Close waits until the Web has stopped, as Web.Close does. Calls after
// the first do nothing.
func (s *Site) Close() { s.closeOnce.Do(s.close) }

// release makes every waiting handler return.
func (s *Site) release() { s.releaseOnce.Do(func() { close(s.closed) }) }

func (s *Site) close() {
	s.release()
	s.mu.Lock()
	for _, c := range s.clients {
		c.CloseIdleConnections()
	}
	s.mu.Unlock()
	s.stop()
}

// URLs returns the URLs of every page, in order.
func (s *Site) URLs() []string {
	urls := make([]string, s.cfg.Pages)
	for i := range urls {
		urls[i] = s.PageURL(i)
	}
	return urls
}

// PageURL returns the URL of page i.
func (s *Site) PageURL(i int) string {
	return s.URL + "/page/" + strconv.Itoa(i)
}

// OpenRequests returns the requests sent through the clients from Client
// whose response has not arrived yet, or whose body is not closed yet. A
// style that waits for the work it started has none open when it returns.
// It is the client's side, so it cannot see other clients' requests.
func (s *Site) OpenRequests() int { return int(s.open.Load()) }

// Stats returns the site's counters.
func (s *Site) Stats() Stats {
	return Stats{
		Requests:    int(s.requests.Load()),
		MaxInFlight: int(s.maxInFlight.Load()),
		NewConns:    int(s.newConns.Load()),
		Handshakes:  int(s.handshakes.Load()),
		HTTP1:       int(s.http1.Load()),
		HTTP2:       int(s.http2.Load()),
		ClientBytes: s.clientBytes.Load(),
		ServerBytes: s.serverBytes.Load(),
	}
}

// ResetStats starts the counters again, for example after a warm-up run.
func (s *Site) ResetStats() {
	s.maxInFlight.Store(s.inFlight.Load())
	for _, c := range []*atomic.Int64{&s.requests, &s.newConns, &s.handshakes, &s.http1, &s.http2, &s.clientBytes, &s.serverBytes} {
		c.Store(0)
	}
}

// ServeHTTP serves the site's pages and faults.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if r.ProtoMajor == 2 {
		s.http2.Add(1)
	} else {
		s.http1.Add(1)
	}
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	raise(&s.maxInFlight, n)
	if s.crawl != nil {
		defer s.crawl.record(r)()
	}
	if b := s.cfg.Barrier; b > 0 {
		if n >= int64(b) {
			s.gateOnce.Do(func() { close(s.gate) })
		}
		if !s.wait(r, s.gate) {
			return
		}
	}
	if s.crawl != nil && s.crawl.serve(s, w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// wait blocks until ready is closed, and reports false if the request was
// cancelled or the site closed first.
func (s *Site) wait(r *http.Request, ready <-chan struct{}) bool {
	select {
	case <-ready:
		return true
	case <-r.Context().Done():
	case <-s.closed:
	}
	return false
}

// sleep waits d, and reports false if the request was cancelled or the site
// closed first. A handler that ignored them would keep Close waiting.
func (s *Site) sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.closed:
	}
	return false
}

// Latency returns how long page i waits before its headers are sent.
func (s *Site) Latency(i int) time.Duration {
	c := s.cfg
	if c.TailEvery > 0 && i%c.TailEvery == c.TailEvery-1 {
		return c.TailLatency
	}
	d := c.Latency
	if ms := int64(c.Jitter / time.Millisecond); ms > 0 {
		d += time.Duration(mix(uint64(i))%uint64(ms+1)) * time.Millisecond
	}
	return d
}

// mix is the splitmix64 finalizer: a cheap, deterministic scramble.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (s *Site) servePage(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(r.PathValue("i"))
	if err != nil || i < 0 || i >= s.cfg.Pages {
		http.NotFound(w, r)
		return
	}
	if !s.sleep(r, s.Latency(i)) {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	s.writePage(w, i)
}

// String describes the site, for test logs.
func (s *Site) String() string {
	return fmt.Sprintf("sim.Site(%s, %+v)", s.URL, s.cfg)
}
