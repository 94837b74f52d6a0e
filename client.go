package fetchbench

import (
	"fmt"
	"net/http"
	"time"
)

// NewClient returns a client tuned for up to limit requests in flight
// (limit <= 0 means no limit). Share one client across a whole run, as the
// Python lesson should have shared one aiohttp ClientSession.
//
// Its Transport is a clone of http.DefaultTransport that keeps enough idle
// connections per host for every request in flight to reuse one. The default
// keeps only 2, so a run with 50 workers opens a new connection for most of
// its requests. With a limit, it also opens at most limit connections per
// host: without that cap, a request that starts dialing and is then handed a
// connection another request just freed leaves its new connection idle, and
// at limit 256 a 1,000-page run opened over 360. Call CloseIdleConnections
// when the run is done.
//
// An HTTP/2 connection that cannot write a byte for 1 s is closed, failing
// the requests on it. Without that, a server that stops reading and floods
// PING frames kept Get blocked past Options.Timeout for as long as it
// liked: the stream reset that ends a request waits for a write lock that the
// blocked PING ack holds (golang/go#33425).
func NewClient(limit int) *http.Client {
	conns := limit
	if conns <= 0 {
		conns = 256 // no limit: keep a generous pool
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(t.MaxIdleConns, conns)
	t.MaxIdleConnsPerHost = conns
	t.MaxConnsPerHost = max(limit, 0) // 0 means no cap
	t.ResponseHeaderTimeout = ClientTimeout
	t.HTTP2 = &http.HTTP2Config{WriteByteTimeout: writeByteTimeout}
	return &http.Client{
		Transport: t,
		Timeout:   ClientTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			// via holds the requests sent so far: one for the first redirect.
			if len(via) > MaxRedirects {
				return fmt.Errorf("%w: stopped after %d", ErrTooManyRedirects, MaxRedirects)
			}
			return checkURL(req.URL) // before a request goes to ftp:// or a huge URL
		},
	}
}

// writeByteTimeout is how long an HTTP/2 connection from NewClient may fail
// to write a single byte before it is closed. A client that only sends GET
// requests writes little: its writes block only when the server stops
// reading, and one that does so while it floods PING frames would otherwise
// hold the connection's write lock, and every request on it, forever.
const writeByteTimeout = time.Second
