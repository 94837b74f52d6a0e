package naive

import (
	"context"
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
