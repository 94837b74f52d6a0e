package crawl

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
)

// transport sits in front of the client's RoundTripper for a crawl. It sends
// the crawl's User-Agent on every request, and, for a request whose context
// carries a capture, keeps what fetchbench.Get does not return: the last
// response's Retry-After, and a copy of its body for the links. So each page
// is fetched once, by Get, as every list style fetches it.
type transport struct {
	base      http.RoundTripper
	userAgent string
}

// A capture is what transport kept of one try's last response.
type capture struct {
	mu         sync.Mutex
	retryAfter string
	body       bytes.Buffer
	max        int64 // the body's cap: Get fails a longer one anyway
}

type captureKey struct{}

func withCapture(ctx context.Context, c *capture) context.Context {
	return context.WithValue(ctx, captureKey{}, c)
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context()) // a RoundTripper must not change the request it is given
	r.Header.Set("User-Agent", t.userAgent)
	resp, err := t.base.RoundTrip(r)
	c, _ := req.Context().Value(captureKey{}).(*capture)
	if err != nil || c == nil {
		return resp, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.retryAfter = resp.Header.Get("Retry-After")
	c.body.Reset() // a redirect's body is not the page's
	resp.Body = &teeBody{ReadCloser: resp.Body, c: c}
	return resp, nil
}

// CloseIdleConnections passes the call on, so that the client's method of
// the same name still reaches the Transport.
func (t *transport) CloseIdleConnections() {
	if ci, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// A teeBody copies what is read of a body into its capture, up to the cap.
type teeBody struct {
	io.ReadCloser
	c *capture
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.c.mu.Lock()
	if room := b.c.max - int64(b.c.body.Len()); room > 0 {
		b.c.body.Write(p[:min(int64(n), room)])
	}
	b.c.mu.Unlock()
	return n, err
}
