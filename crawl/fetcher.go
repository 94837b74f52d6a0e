package crawl

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"

	"fetchbench"
)

// A Fetcher is the step that every crawl style calls for one page: the
// per-host rules, the fetch, the retries and the page's links. It is safe
// for concurrent use; all calls to Fetch of one crawl share one ctx.
//
// For each host (scheme, host and port), the first Fetch fetches
// /robots.txt, once, before any other request to that host; the others wait
// for it (see RFC 9309: a 4xx allows everything, a 5xx or no connection
// disallows the host, and a Crawl-delay, cut to MaxCrawlDelay, is a floor
// on the interval between request starts). If ctx ends first, the host is not to blame: its pages
// are cut short, and the next Fetch asks for robots.txt again. Then at most Options.PerHost requests to the host are in
// flight, and their starts are at least 1/Options.PerHostRate apart. A
// redirect the client follows is a request of its own: its host's
// robots.txt must allow it, or the page fails with an error wrapping
// ErrDisallowed, and it waits for its host's rate cap; the page's slot
// covers it.
//
// A transient failure is tried again, up to Options.Retries times: a 429,
// 502, 503 or 504, a connection reset or cut short, or Options.Timeout. The
// wait is the response's Retry-After, in seconds or as a date, cut to
// MaxRetryAfter; without one, exponential backoff with jitter (see
// BackoffBase). Every try passes the host's caps again. Any other failure
// is final.
type Fetcher struct {
	client   *http.Client
	opts     Options
	seeds    []string
	scope    map[string]bool // hostKey of each seed
	frontier atomic.Int64    // see Visited

	mu    sync.Mutex
	hosts map[string]*host
}

// NewFetcher returns the Fetcher of a crawl from seeds. It sends every
// request through c, with opts.UserAgent; c itself is not changed.
func NewFetcher(c *http.Client, seeds []string, opts Options) *Fetcher {
	cc := *c
	cc.Transport = &transport{base: cmp.Or[http.RoundTripper](c.Transport, http.DefaultTransport), userAgent: opts.userAgent()}
	f := &Fetcher{client: &cc, opts: opts, scope: map[string]bool{}, hosts: map[string]*host{}}
	cc.CheckRedirect = f.checkRedirect(c.CheckRedirect)
	seen := map[string]bool{}
	for _, s := range seeds {
		n, err := Normalize(s)
		if err != nil {
			n = s // Fetch reports it, with Get's typed error
		} else if u, err := url.Parse(n); err == nil {
			f.scope[hostKey(u)] = true
		}
		if !seen[n] {
			seen[n] = true
			f.seeds = append(f.seeds, n)
		}
	}
	return f
}

// Seeds returns the seeds, normalised, each once, in the order given. A
// seed that does not normalise is kept as given: Fetch reports why.
func (f *Fetcher) Seeds() []string { return f.seeds }

// NewVisited returns an empty visited set for the crawl, which keeps the
// URLs within Options.MaxDepth.
func (f *Fetcher) NewVisited() *Visited {
	return &Visited{maxDepth: f.opts.MaxDepth, urls: map[string]*entry{}, frontier: &f.frontier}
}

// Fetch fetches one page, and returns it with its links that stay on the
// seeds' hosts. The page's URL is rawURL; its Err says why it failed: a
// typed error from fetchbench.Get, ErrDisallowed, or ctx's error if ctx
// ended before or during it (with fetchbench.ErrNotFetched if no request
// was sent). The links are nil unless the page succeeded.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (fetchbench.Page, []string) {
	if s := statsFrom(ctx); s != nil {
		raise(&s.MaxFrontier, f.frontier.Load())
	}
	norm, err := Normalize(rawURL)
	if err != nil {
		return fetchbench.Get(ctx, f.client, rawURL, f.opts.Options), nil // fails at once, typed
	}
	u, _ := url.Parse(norm)
	h, ok := f.host(ctx, u)
	switch {
	case !ok:
		return fetchbench.NotFetched(ctx, rawURL), nil
	case h.refuse != nil:
		return fetchbench.Page{URL: rawURL, Err: h.refuse}, nil
	case h.robots != nil && !h.robots.TestAgent(u.RequestURI(), f.opts.userAgent()):
		return fetchbench.Page{URL: rawURL, Err: ErrDisallowed}, nil
	}
	page := fetchbench.Page{URL: rawURL} // the last try's, once one is sent
	for try := 1; ; try++ {
		if !h.acquire(ctx) {
			return cutShort(ctx, page, try), nil
		}
		c := &capture{max: cmp.Or(max(f.opts.MaxBodyBytes, 0), fetchbench.DefaultMaxBodyBytes)}
		page = fetchbench.Get(withCapture(ctx, c), f.client, rawURL, f.opts.Options)
		h.release()
		switch {
		case page.Err == nil:
			return page, f.links(page, c)
		case try > f.opts.Retries || !transient(ctx, page.Err):
			return page, nil
		case !sleep(ctx, retryWait(c.retryAfter, try)):
			return cutShort(ctx, page, try+1), nil
		}
	}
}

// checkRedirect wraps the client's CheckRedirect: before each hop is sent,
// its host's robots.txt must allow it, and its start passes the host's rate
// cap. The page's slot covers its hops, so that a hop to its own host cannot
// wait for the slot it holds. A robots.txt's own redirects are checked by
// the client's rule alone.
func (f *Fetcher) checkRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if next != nil {
			if err := next(req, via); err != nil {
				return err
			}
		} else if len(via) >= 10 { // net/http's default rule
			return errors.New("stopped after 10 redirects")
		}
		ctx := req.Context()
		if ctx.Value(robotsKey{}) != nil {
			return nil
		}
		norm, err := Normalize(req.URL.String())
		if err != nil {
			return err
		}
		u, _ := url.Parse(norm)
		h, ok := f.host(ctx, u)
		switch {
		case !ok:
			return ctx.Err()
		case h.refuse != nil:
			return fmt.Errorf("redirect to %s: %w", norm, h.refuse)
		case h.robots != nil && !h.robots.TestAgent(u.RequestURI(), f.opts.userAgent()):
			return fmt.Errorf("redirect to %s: %w", norm, ErrDisallowed)
		case !h.pace(ctx):
			return ctx.Err()
		}
		return nil
	}
}

// cutShort returns the page of a fetch that ctx ended before try could be
// sent: not fetched at all before the first, or else the last try's
// failure, wrapped with ctx's error.
func cutShort(ctx context.Context, last fetchbench.Page, try int) fetchbench.Page {
	if try == 1 {
		return fetchbench.NotFetched(ctx, last.URL)
	}
	last.Err = fmt.Errorf("%w: no retry after %w", ctx.Err(), last.Err)
	return last
}

// links returns the page's links that stay on the seeds' hosts.
func (f *Fetcher) links(page fetchbench.Page, c *capture) []string {
	final, err := url.Parse(page.FinalURL)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	all := Links(c.body.Bytes(), final)
	c.mu.Unlock()
	var in []string
	for _, l := range all {
		if u, err := url.Parse(l); err == nil && f.scope[hostKey(u)] {
			in = append(in, l)
		}
	}
	return in
}
