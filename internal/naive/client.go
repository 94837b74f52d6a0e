package naive

import (
	"context"
	"io"
	"net/http"
	"time"

	"fetchbench"
)

// GetWithOwnClient is the Go twin of the Python lesson's slip, a new aiohttp
// ClientSession for every URL: it builds a new Transport, and so a new
// connection pool, for every request.
//
// Bug: no connection is ever reused. Each request dials a new one, and the
// pool it leaves behind keeps that connection open, with the goroutines that
// serve it, because a Transport's zero IdleConnTimeout means no limit.
func GetWithOwnClient(ctx context.Context, url string) fetchbench.Page {
	client := &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
	return fetchbench.Get(ctx, client, url, fetchbench.Options{})
}

// TransportPerRequest is the same slip as a RoundTripper, so that any style
// can be run with it unchanged: every request goes through a new Transport
// cloned from base, and so dials, and shakes hands, afresh. Unlike
// GetWithOwnClient, it closes each Transport's connection once the response
// body is closed, so that a run ends cleanly; what it keeps is the cost.
func TransportPerRequest(base *http.Transport) http.RoundTripper {
	return transportPerRequest{base}
}

type transportPerRequest struct{ base *http.Transport }

func (t transportPerRequest) RoundTrip(req *http.Request) (*http.Response, error) {
	own := t.base.Clone()
	resp, err := own.RoundTrip(req)
	if err != nil {
		own.CloseIdleConnections()
		return nil, err
	}
	resp.Body = closeWith{resp.Body, own}
	return resp, nil
}

// closeWith closes a response body, then the Transport that fetched it.
type closeWith struct {
	io.ReadCloser
	t *http.Transport
}

func (c closeWith) Close() error {
	err := c.ReadCloser.Close()
	c.t.CloseIdleConnections()
	return err
}
