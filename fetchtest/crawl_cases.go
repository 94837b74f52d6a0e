package fetchtest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fetchbench"
	"fetchbench/crawl"
	"fetchbench/fetchtest/sim"
)

// A graph of 40 pages a host, 4 links a page, 30% to other hosts, each
// page's first two links again in another spelling. Jitter makes pages
// finish out of order, so that a crawl meets many URLs first by a longer
// path than the shortest.
var (
	crawlSite  = sim.Config{Pages: 40, Latency: 20 * time.Millisecond, Jitter: 60 * time.Millisecond}
	crawlGraph = sim.CrawlConfig{Links: 4, CrossHost: 0.3, Duplicates: 2}
)

func crawlOptions(depth, limit int) crawl.Options {
	opts := crawl.Options{MaxDepth: depth}
	opts.Limit = limit
	return opts
}

// testCrawlReturns crawls a small web on loopback at the limits the other
// cases use, with a short bound, so that a style that blocks fails here in
// seconds, before any case in a synctest bubble.
func testCrawlReturns(t *testing.T, c crawlChecker) {
	c.bound = 2 * time.Second
	for _, limit := range []int{0, 1, 3} {
		func() {
			cfg := sim.WebConfig{Hosts: 2, Site: sim.Config{Pages: 8}, Crawl: &sim.CrawlConfig{Links: 3, CrossHost: 0.3, Duplicates: 1}}
			w := wrapCrawlWeb(cfg, sim.NewWeb(cfg))
			defer w.Close() // before the suite looks for leaked goroutines
			seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(0)}
			if _, err := c.call(t, t.Context(), w, seeds, crawlOptions(2, limit)); err != nil {
				c.errorf(t, "error %v", "nil", err)
			}
		}()
	}
}

func testCrawlPages(depth, limit int) func(*testing.T, crawlChecker) {
	return func(t *testing.T, c crawlChecker) {
		w := newCrawlWeb(t, 4, crawlSite, crawlGraph)
		// Two of the four hosts: links to the other two are out of scope.
		// The first seed comes again in another spelling.
		seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(5), "HTTP://H0.fetchtest.test:80/page/0#top"}
		pages, err := c.call(t, t.Context(), w, seeds, crawlOptions(depth, limit))
		if err != nil {
			c.errorf(t, "error %v", "nil", err)
		}
		c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, MaxDepth: depth, UserAgent: crawl.DefaultUserAgent}, pages)
		c.checkRobots(t, w, crawl.DefaultUserAgent, false)
	}
}

func testCrawlHTTPS(t *testing.T, c crawlChecker) {
	cc := crawlGraph
	cc.Flaky = []sim.Flaky{{Host: 0, Page: 0, Tries: 1}} // the first seed: its stream is reset once
	w := newCrawlWebWith(t, sim.WebConfig{Hosts: 4, Site: crawlSite, Crawl: &cc, TLS: true, Link: sim.Link{RTT: webRTT}})
	seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(5)}
	opts := crawlOptions(3, 8)
	opts.Retries = 1
	pages, err := c.call(t, t.Context(), w, seeds, opts)
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, MaxDepth: 3, UserAgent: crawl.DefaultUserAgent, Retries: 1}, pages)
	c.checkRobots(t, w, crawl.DefaultUserAgent, false)
	if s := w.Stats(); s.HTTP2 != s.Requests {
		c.errorf(t, "%d of %d requests over HTTP/2", "all of them", s.HTTP2, s.Requests)
	}
}

// testCrawlShortestPath crawls a graph whose short path is slow: page 9
// answers in a second, the others in 10 ms. The crawl meets page 3 first by
// the fast long path 0 → 1 → 2 → 3, and only later by 0 → 9 → 3, which
// brings page 3 within MaxDepth 2, and page 4 within MaxDepth 3.
func testCrawlShortestPath(depth int) func(*testing.T, crawlChecker) {
	return func(t *testing.T, c crawlChecker) {
		cc := sim.CrawlConfig{Graph: map[int][]int{0: {9, 1}, 9: {3}, 1: {2}, 2: {3}, 3: {4}, 4: {5}}}
		w := newCrawlWeb(t, 1, sim.Config{Pages: 10, Latency: 10 * time.Millisecond, TailEvery: 10, TailLatency: time.Second}, cc)
		seeds := []string{w.Site(0).PageURL(0)}
		pages, err := c.call(t, t.Context(), w, seeds, crawlOptions(depth, 4))
		if err != nil {
			c.errorf(t, "error %v", "nil", err)
		}
		c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, MaxDepth: depth, UserAgent: crawl.DefaultUserAgent}, pages)
	}
}

func testCrawlRobots(ignore bool) func(*testing.T, crawlChecker) {
	return func(t *testing.T, c crawlChecker) {
		const agent = "TestBot/2.0"
		cc := crawlGraph
		cc.Robots = []sim.Robots{
			{Body: "User-agent: *\nDisallow: /\n\nUser-agent: testbot\nDisallow: /page/1\n"}, // TestBot's own group
			{Status: 503}, // disallows the host
			{Status: 404}, // allows all
			{Body: "User-agent: *\nDisallow: /page/2\n"},
		}
		w := newCrawlWeb(t, 4, crawlSite, cc)
		seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(0), w.Site(2).PageURL(0), w.Site(3).PageURL(0), w.RefusingURL()}
		opts := crawlOptions(2, 4)
		opts.UserAgent, opts.IgnoreRobots = agent, ignore
		pages, err := c.call(t, t.Context(), w, seeds, opts)
		if err != nil {
			c.errorf(t, "error %v", "nil", err)
		}
		c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, MaxDepth: 2, UserAgent: agent, IgnoreRobots: ignore}, pages)
		c.checkRobots(t, w, agent, ignore)
	}
}

// testCrawlRedirect crawls a host whose page 0 redirects to page 2, which
// robots.txt forbids, and whose page 1 redirects to page 3, which links to
// page 4.
func testCrawlRedirect(t *testing.T, c crawlChecker) {
	cc := sim.CrawlConfig{
		Graph:     map[int][]int{3: {4}},
		Redirects: map[int]int{0: 2, 1: 3},
		Robots:    []sim.Robots{{Body: "User-agent: *\nDisallow: /page/2\n"}},
	}
	w := newCrawlWeb(t, 1, sim.Config{Pages: 5}, cc)
	seeds := []string{w.Site(0).PageURL(0), w.Site(0).PageURL(1)}
	opts := crawlOptions(1, 4)
	opts.PerHostRate = 1
	pages, err := c.call(t, t.Context(), w, seeds, opts)
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	c.checkRobots(t, w, crawl.DefaultUserAgent, false)
	c.checkGaps(t, w, func(int) time.Duration { return time.Second })
	want := map[string]string{seeds[0]: "crawl.ErrDisallowed: it redirects to a path robots.txt forbids", seeds[1]: "nil", w.Site(0).PageURL(4): "nil"}
	for _, p := range pages {
		switch why, ok := want[p.URL]; {
		case !ok:
			c.errorf(t, "a page for %s (Err %v)", "none: it is not within reach of a seed", p.URL, p.Err)
		case p.URL == seeds[0] && !errors.Is(p.Err, crawl.ErrDisallowed), p.URL != seeds[0] && p.Err != nil:
			c.errorf(t, "%s: Err %v", why, p.URL, p.Err)
		}
		delete(want, p.URL)
	}
	for u := range want {
		c.errorf(t, "no page for %s", "one: within MaxDepth 1, by way of a redirect", u)
	}
}

func testCrawlPerHost(t *testing.T, c crawlChecker) {
	const perHost = 2
	w := newCrawlWeb(t, 3, sim.Config{Pages: 30, Latency: 100 * time.Millisecond}, sim.CrawlConfig{Links: 5, CrossHost: 0.2})
	seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(0), w.Site(2).PageURL(0)}
	opts := crawlOptions(5, 16)
	opts.PerHost = perHost
	pages, err := c.call(t, t.Context(), w, seeds, opts)
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	for i, log := range w.requests() {
		t.Logf("host %d: at most %d requests in flight (PerHost %d)", i, maxOverlap(log), perHost)
		if got := maxOverlap(log); got != perHost {
			c.errorf(t, "at most %d requests in flight to host %d", fmt.Sprintf("exactly %d, the PerHost cap", perHost), got, i)
		}
	}
	c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, MaxDepth: 5, UserAgent: crawl.DefaultUserAgent}, pages)
}

func testCrawlLimit(t *testing.T, c crawlChecker) {
	const limit = 3
	w := newCrawlWeb(t, 4, sim.Config{Pages: 30, Latency: 100 * time.Millisecond}, sim.CrawlConfig{Links: 5, CrossHost: 0.5})
	seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(0), w.Site(2).PageURL(0), w.Site(3).PageURL(0)}
	pages, err := c.call(t, t.Context(), w, seeds, crawlOptions(5, limit))
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	var all []sim.Request
	for _, log := range w.requests() {
		all = append(all, log...)
	}
	t.Logf("at most %d requests in flight on all hosts together (Limit %d)", maxOverlap(all), limit)
	if got := maxOverlap(all); got != limit {
		c.errorf(t, "at most %d requests in flight on all hosts", fmt.Sprintf("exactly %d, the Limit", limit), got)
	}
	c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, MaxDepth: 5, UserAgent: crawl.DefaultUserAgent}, pages)
}

func testCrawlRate(t *testing.T, c crawlChecker) {
	const rate = 2 // starts per second: 500 ms apart
	cc := sim.CrawlConfig{Links: 4, CrossHost: 0.3, Robots: []sim.Robots{
		{Body: "User-agent: *\nCrawl-delay: 2\n"}, // slower than the rate: a floor
		{Status: 404},
		{Status: 404},
	}}
	w := newCrawlWeb(t, 3, sim.Config{Pages: 20, Latency: 10 * time.Millisecond}, cc)
	seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(0), w.Site(2).PageURL(0)}
	opts := crawlOptions(2, 8)
	opts.PerHostRate = rate
	pages, err := c.call(t, t.Context(), w, seeds, opts)
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	c.checkGaps(t, w, func(i int) time.Duration {
		if i == 0 {
			return 2 * time.Second
		}
		return time.Second / rate
	})
	c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, MaxDepth: 2, UserAgent: crawl.DefaultUserAgent}, pages)
}

// retryCase is a flaky page of the Retries case, and the gaps between its
// requests' starts: exactly want, or within [lo, hi] for a backoff.
type retryCase struct {
	flaky  sim.Flaky
	exact  []time.Duration
	lo, hi []time.Duration
}

func testCrawlRetries(t *testing.T, c crawlChecker) {
	const retries = 2
	b := crawl.BackoffBase
	cases := []retryCase{
		{flaky: sim.Flaky{Page: 1, Tries: 2, Status: 429, RetryAfter: 3 * time.Second}, exact: []time.Duration{3 * time.Second, 3 * time.Second}},
		{flaky: sim.Flaky{Page: 2, Tries: 1, Status: 503, RetryAfter: 5 * time.Second, AsDate: true}, exact: []time.Duration{5 * time.Second}},
		{flaky: sim.Flaky{Page: 3, Tries: 2}, lo: []time.Duration{b / 2, b}, hi: []time.Duration{b, 2 * b}},                           // reset: backoff
		{flaky: sim.Flaky{Page: 4, Tries: 1, Status: 404}, exact: nil},                                                                // final at once
		{flaky: sim.Flaky{Page: 5, Tries: 5, Status: 503, RetryAfter: time.Second}, exact: []time.Duration{time.Second, time.Second}}, // fails for good
		{flaky: sim.Flaky{Page: 6, Tries: 1, Status: 503, RetryAfter: time.Hour}, exact: []time.Duration{crawl.MaxRetryAfter}},
		{flaky: sim.Flaky{Page: 7, Tries: 1, Status: 502}, lo: []time.Duration{b / 2}, hi: []time.Duration{b}},
		{flaky: sim.Flaky{Page: 8, Tries: 1, Status: 504, RetryAfter: 2 * time.Second}, exact: []time.Duration{2 * time.Second}},
	}
	var cc sim.CrawlConfig
	for _, rc := range cases {
		cc.Flaky = append(cc.Flaky, rc.flaky)
	}
	w := newCrawlWeb(t, 1, sim.Config{Pages: 10, Latency: 100 * time.Millisecond}, cc)
	seeds := []string{w.Site(0).PageURL(0)}
	for _, rc := range cases {
		seeds = append(seeds, w.Site(0).PageURL(rc.flaky.Page))
	}
	opts := crawlOptions(0, 0)
	opts.Retries = retries
	pages, err := c.call(t, t.Context(), w, seeds, opts)
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, MaxDepth: 0, UserAgent: crawl.DefaultUserAgent, Retries: retries}, pages)
	for _, rc := range cases {
		path := fmt.Sprintf("/page/%d", rc.flaky.Page)
		got := gaps(w.starts(0, path))
		t.Logf("%s: retried after %v", describeFlaky(rc.flaky), got)
		switch {
		case rc.lo == nil && fmt.Sprint(got) != fmt.Sprint(rc.exact):
			c.errorf(t, "%s retried after %v", fmt.Sprintf("after exactly %v", rc.exact), path, got)
		case rc.lo != nil && len(got) != len(rc.lo):
			c.errorf(t, "%s retried after %v", fmt.Sprintf("%d retries, after backoffs within %v to %v", len(rc.lo), rc.lo, rc.hi), path, got)
		case rc.lo != nil:
			for k := range got {
				if got[k] < rc.lo[k] || got[k] > rc.hi[k] {
					c.errorf(t, "%s retried after %v", fmt.Sprintf("backoffs within %v to %v", rc.lo, rc.hi), path, got)
				}
			}
		}
	}
	for _, p := range pages {
		var se *fetchbench.StatusError
		switch p.URL {
		case w.Site(0).PageURL(4), w.Site(0).PageURL(5):
			if !errors.As(p.Err, &se) {
				c.errorf(t, "%s: Err %v", "a *fetchbench.StatusError", p.URL, p.Err)
			}
		}
	}
}

func testCrawlRetryRate(t *testing.T, c crawlChecker) {
	cc := sim.CrawlConfig{Flaky: []sim.Flaky{{Page: 1, Tries: 1, Status: 503, RetryAfter: time.Second}}}
	w := newCrawlWeb(t, 1, sim.Config{Pages: 2}, cc)
	opts := crawlOptions(0, 0)
	opts.Retries, opts.PerHostRate = 1, 0.25 // a start every 4 s
	seeds := []string{w.Site(0).PageURL(1)}
	pages, err := c.call(t, t.Context(), w, seeds, opts)
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, UserAgent: crawl.DefaultUserAgent, Retries: 1}, pages)
	var starts []time.Time
	for _, r := range w.Log(0) {
		starts = append(starts, r.Start)
	}
	if got, want := fmt.Sprint(gaps(starts)), fmt.Sprint([]time.Duration{4 * time.Second, 4 * time.Second}); got != want {
		c.errorf(t, "robots.txt, the page and its retry %v apart", want+": the retry waits 1 s for Retry-After, then for the rate", got)
	}
}

func testCrawlTimeout(t *testing.T, c crawlChecker) {
	const timeout = 2 * time.Second
	b := crawl.BackoffBase
	cc := sim.CrawlConfig{Flaky: []sim.Flaky{{Page: 1, Tries: 5, Stall: true}}}
	w := newCrawlWeb(t, 1, sim.Config{Pages: 2}, cc)
	opts := crawlOptions(0, 0)
	opts.Retries, opts.Timeout = 1, timeout
	seeds := []string{w.Site(0).PageURL(0), w.Site(0).PageURL(1)}
	pages, err := c.call(t, t.Context(), w, seeds, opts)
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	c.checkReach(t, w, sim.CrawlSpec{Seeds: seeds, UserAgent: crawl.DefaultUserAgent, Retries: 1}, pages)
	if got := gaps(w.starts(0, "/page/1")); len(got) != 1 || got[0] < timeout+b/2 || got[0] > timeout+b {
		c.errorf(t, "the stalled page retried after %v", fmt.Sprintf("one retry, %v to %v after the first try: the timeout, then a backoff", timeout+b/2, timeout+b), got)
	}
	for _, p := range pages {
		if p.URL == seeds[1] && !errors.Is(p.Err, context.DeadlineExceeded) {
			c.errorf(t, "%s: Err %v", "an error wrapping context.DeadlineExceeded", p.URL, p.Err)
		}
	}
}

func testCrawlMaxPages(t *testing.T, c crawlChecker) {
	const maxPages = 5
	w := newCrawlWeb(t, 2, crawlSite, crawlGraph)
	seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(0)}
	opts := crawlOptions(10, 2)
	opts.MaxPages = maxPages
	pages, err := c.call(t, t.Context(), w, seeds, opts)
	if err != nil {
		c.errorf(t, "error %v", "nil", err)
	}
	if len(pages) != maxPages {
		c.errorf(t, "%d pages", fmt.Sprintf("exactly %d, MaxPages, of the %d within reach", maxPages, len(w.Reach(sim.CrawlSpec{Seeds: seeds, MaxDepth: 10}))), len(pages))
	}
	requests := 0
	for _, log := range w.requests() {
		for _, r := range log {
			if r.Path != "/robots.txt" {
				requests++
			}
		}
	}
	if requests != len(pages) {
		c.errorf(t, "%d page requests for %d pages", "one per page", requests, len(pages))
	}
	for _, p := range pages {
		if p.Err != nil {
			c.errorf(t, "%s: Err %v", "nil", p.URL, p.Err)
		}
	}
}

func testCrawlCancel(deadline bool) func(*testing.T, crawlChecker) {
	return func(t *testing.T, c crawlChecker) {
		const stopAt = 3500 * time.Millisecond
		w := newCrawlWeb(t, 2, sim.Config{Pages: 40, Latency: time.Second}, crawlGraph)
		seeds := []string{w.Site(0).PageURL(0), w.Site(1).PageURL(0)}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		wantErr := context.Canceled
		if deadline {
			ctx, cancel = context.WithTimeout(ctx, stopAt)
			defer cancel()
			wantErr = context.DeadlineExceeded
		} else {
			time.AfterFunc(stopAt, cancel)
		}
		start := time.Now()
		opts := crawlOptions(10, 4)
		pages, err := c.call(t, ctx, w, seeds, opts)
		if elapsed := time.Since(start); elapsed > stopAt+slack {
			c.errorf(t, "return after %v", fmt.Sprintf("at most %v + %v (ctx ended at %v)", stopAt, slack, stopAt), elapsed)
		}
		if !errors.Is(err, wantErr) {
			c.errorf(t, "error %v", fmt.Sprint(wantErr), err)
		}
		done := 0
		for _, p := range pages {
			switch {
			case p.Err == nil:
				done++
			case !errors.Is(p.Err, wantErr):
				c.errorf(t, "%s: Err %v", fmt.Sprintf("nil, or an error wrapping %v", wantErr), p.URL, p.Err)
			}
		}
		if done < 2 {
			c.errorf(t, "%d pages done", "at least the 2 seeds, done at 1 s", done)
		}
		c.checkLeftOut(t, w, pages, opts.Limit)
		for i, log := range w.requests() {
			for _, r := range log {
				if r.Start.Sub(start) > stopAt {
					c.errorf(t, "a request to host %d at %v", fmt.Sprintf("none after ctx ended at %v", stopAt), i, r.Start.Sub(start))
				}
			}
		}
	}
}

// testCrawlRobotsCut crawls two seeds on each of 16 hosts whose robots.txt
// never answers, until ctx's deadline: each page, the one that waits for
// robots.txt above all, is a chance to blame the host for what ctx did.
func testCrawlRobotsCut(t *testing.T, c crawlChecker) {
	const stopAt = 2 * time.Second
	cc := sim.CrawlConfig{Robots: []sim.Robots{{Stall: true}}}
	w := newCrawlWeb(t, 16, sim.Config{Pages: 2}, cc)
	var seeds []string
	for i := range 16 {
		seeds = append(seeds, w.Site(i).PageURL(0), w.Site(i).PageURL(1))
	}
	ctx, cancel := context.WithTimeout(t.Context(), stopAt)
	defer cancel()
	pages, err := c.call(t, ctx, w, seeds, crawlOptions(0, 0))
	if !errors.Is(err, context.DeadlineExceeded) {
		c.errorf(t, "error %v", "context.DeadlineExceeded", err)
	}
	for _, p := range pages {
		if !errors.Is(p.Err, fetchbench.ErrNotFetched) || !errors.Is(p.Err, context.DeadlineExceeded) || errors.Is(p.Err, crawl.ErrDisallowed) {
			c.errorf(t, "%s: Err %v", "fetchbench.ErrNotFetched and context.DeadlineExceeded, not crawl.ErrDisallowed: ctx, not the host, ended it", p.URL, p.Err)
		}
	}
}

// describeFlaky says how a flaky page fails, in a few words.
func describeFlaky(f sim.Flaky) string {
	how := fmt.Sprint(f.Status)
	switch {
	case f.Stall:
		how = "stall"
	case f.Status == 0:
		how = "reset"
	}
	if f.RetryAfter > 0 {
		how += fmt.Sprintf(", Retry-After %v", f.RetryAfter)
		if f.AsDate {
			how += " as a date"
		}
	}
	return fmt.Sprintf("page %d, %d× %s", f.Page, f.Tries, how)
}
