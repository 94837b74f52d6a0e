package sim

import (
	"cmp"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// CountOpen puts a counter in front of c's Transport and returns a function
// that reports the requests sent through c whose response has not arrived
// yet, or whose body is not closed yet. A style that waits for the work it
// started has none open when it returns. Call it before c is in use.
func CountOpen(c *http.Client) (open func() int) {
	n := new(atomic.Int64)
	c.Transport = openCounter{RoundTripper: cmp.Or[http.RoundTripper](c.Transport, http.DefaultTransport), open: n}
	return func() int { return int(n.Load()) }
}

// openCounter wraps a client's RoundTripper to count the requests whose
// response has not arrived yet, or whose body is not closed yet.
type openCounter struct {
	http.RoundTripper
	open *atomic.Int64
}

func (c openCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.open.Add(1) // until the response fails to arrive, or its body is closed
	resp, err := c.RoundTripper.RoundTrip(req)
	if err != nil {
		c.open.Add(-1)
		return nil, err
	}
	resp.Body = &countedBody{ReadCloser: resp.Body, open: c.open}
	return resp, nil
}

// CloseIdleConnections passes the call on, so that http.Client's method of
// the same name still reaches the Transport.
func (c openCounter) CloseIdleConnections() {
	if t, ok := c.RoundTripper.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// countedBody is a response body that counts as open until it is closed.
type countedBody struct {
	io.ReadCloser
	open *atomic.Int64
	once sync.Once
}

func (b *countedBody) Close() error {
	b.once.Do(func() { b.open.Add(-1) })
	return b.ReadCloser.Close()
}
