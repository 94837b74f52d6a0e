package crawl

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// A host holds one host's rules for a crawl. Its fields are set before
// ready is closed, and only read after.
type host struct {
	sem   chan struct{} // a slot per request in flight; nil for no cap
	ready chan struct{} // closed once robots.txt is known, or ctx ended first

	unknown bool // ctx ended before robots.txt was known: the next page asks again

	robots *robotstxt.RobotsData // nil when ignored
	refuse error                 // why every page of the host is disallowed, if it is
	lim    *rate.Limiter         // nil for no rate cap
}

// maxRobotsBytes is how much of a robots.txt is read: RFC 9309 asks a
// crawler to parse at least 500 KiB.
const maxRobotsBytes = 512 << 10

// host returns the rules of u's host, fetching its robots.txt first if no
// call has yet. It reports false if ctx ended first.
func (f *Fetcher) host(ctx context.Context, u *url.URL) (*host, bool) {
	key := hostKey(u)
	for {
		f.mu.Lock()
		h, ok := f.hosts[key]
		if !ok {
			h = &host{ready: make(chan struct{})}
			if f.opts.PerHost > 0 {
				h.sem = make(chan struct{}, f.opts.PerHost)
			}
			f.hosts[key] = h
		}
		f.mu.Unlock()
		if !ok {
			f.loadRobots(ctx, h, key)
		}
		select {
		case <-h.ready:
		case <-ctx.Done():
			return nil, false
		}
		switch {
		case ctx.Err() != nil: // ready and ctx.Done together: select picked either
			return nil, false
		case !h.unknown:
			return h, true
		}
		// Another caller's ctx (a redirect hop's, with its page timeout)
		// ended the robots.txt fetch: this caller starts it again.
	}
}

// loadRobots fetches and reads the host's robots.txt, then sets the host's
// rate cap: the robots.txt request is the first start it counts.
func (f *Fetcher) loadRobots(ctx context.Context, h *host, key string) {
	defer close(h.ready)
	var interval time.Duration
	if r := f.opts.PerHostRate; r > 0 {
		interval = time.Duration(float64(time.Second) / r)
	}
	var first time.Time // no request yet: the first may start at once
	if !f.opts.IgnoreRobots {
		if !h.acquire(ctx) {
			f.forget(h, key)
			return
		}
		first = time.Now()
		status, body, err := f.getRobots(ctx, key+"/robots.txt")
		h.release()
		switch {
		case err != nil && ctx.Err() != nil: // the crawl, not the host, failed
			f.forget(h, key)
			return
		case err != nil:
			h.refuse = fmt.Errorf("%w: %w: %w", ErrDisallowed, ErrRobotsUnreachable, err)
		case status >= 500:
			h.refuse = fmt.Errorf("%w: %w: status %d", ErrDisallowed, ErrRobotsUnreachable, status)
		default:
			data, err := robotstxt.FromStatusAndBytes(status, body)
			switch {
			case err != nil && status/100 == 2:
				data, _ = robotstxt.FromStatusAndBytes(404, nil) // unparseable: as if absent
			case err != nil:
				h.refuse = fmt.Errorf("%w: %w: status %d", ErrDisallowed, ErrRobotsUnreachable, status)
				return
			}
			h.robots = data
			interval = max(interval, min(data.FindGroup(f.opts.userAgent()).CrawlDelay, MaxCrawlDelay))
		}
	}
	if interval > 0 {
		h.lim = rate.NewLimiter(rate.Every(interval), 1)
		if !first.IsZero() {
			h.lim.ReserveN(first, 1) // robots.txt was the first start
		}
	}
}

// robotsKey marks the context of a robots.txt request.
type robotsKey struct{}

// forget leaves the host's robots.txt unknown, when ctx ended before it was
// read: the host is not to blame, and the next page asks again.
func (f *Fetcher) forget(h *host, key string) {
	h.unknown = true
	f.mu.Lock()
	delete(f.hosts, key)
	f.mu.Unlock()
}

// getRobots fetches a robots.txt, within the page timeout.
func (f *Fetcher) getRobots(ctx context.Context, rawURL string) (int, []byte, error) {
	if d := f.opts.Timeout; d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	// Not the page's capture, if a redirect hop of a page is what needs
	// this robots.txt; and its own redirects skip the hop checks.
	ctx = context.WithValue(withCapture(ctx, nil), robotsKey{}, true)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, body, nil
}

// acquire waits for a slot and for the rate cap, and reports false if ctx
// ended first. The slot comes first, so that two requests that waited for
// slots cannot start together.
func (h *host) acquire(ctx context.Context) bool {
	if h.sem != nil {
		select {
		case h.sem <- struct{}{}:
		case <-ctx.Done():
			return false
		}
	}
	if h.lim != nil && h.lim.Wait(ctx) != nil {
		h.release()
		// Wait fails at once when the start would come after ctx's
		// deadline. Waiting out the deadline makes the page carry ctx's
		// error, as a page cut short by any other wait does.
		<-ctx.Done()
		return false
	}
	return true
}

// pace waits for the rate cap alone, as acquire does, for a redirect hop:
// the page's slot covers it.
func (h *host) pace(ctx context.Context) bool {
	if h.lim != nil && h.lim.Wait(ctx) != nil {
		<-ctx.Done() // as in acquire
		return false
	}
	return true
}

// release gives the slot back.
func (h *host) release() {
	if h.sem != nil {
		<-h.sem
	}
}
