package fetchtest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fetchbench"
	"fetchbench/crawl"
	"fetchbench/fetchtest/sim"
)

// checkReach checks the crawl's pages against what the web says a crawl
// with spec takes up: each URL once, with its outcome, and exactly the
// requests it needs on the server.
func (c *crawlChecker) checkReach(t *testing.T, w *crawlWeb, spec sim.CrawlSpec, pages []fetchbench.Page) {
	t.Helper()
	want := map[string]sim.Reached{}
	for _, r := range w.Reach(spec) {
		want[r.URL] = r
	}
	count := map[string]int{}
	for _, p := range pages {
		count[p.URL]++
		if count[p.URL] == 2 {
			c.errorf(t, "two or more pages for %s", "one page per URL", p.URL)
		}
		r, ok := want[p.URL]
		switch {
		case !ok && slices.Contains(spec.Seeds, p.URL):
			c.errorf(t, "a page for %s (Err %v)", "none: that is the seed as given, not normalised: start from f.Seeds()", p.URL, p.Err)
		case !ok:
			c.errorf(t, "a page for %s (Err %v)", "none: it is not within reach of a seed", p.URL, p.Err)
		case r.Disallowed && !errors.Is(p.Err, crawl.ErrDisallowed):
			c.errorf(t, "%s: Err %v", "crawl.ErrDisallowed: robots.txt forbids it", p.URL, p.Err)
		case r.Fails && p.Err == nil:
			c.errorf(t, "%s: Err nil", "an error: it fails for good", p.URL)
		case !r.Disallowed && !r.Fails && p.Err != nil:
			c.errorf(t, "%s: Err %v", "nil", p.URL, p.Err)
		case !r.Disallowed && !r.Fails:
			var n int
			if _, err := fmt.Sscanf(p.URL[strings.LastIndex(p.URL, "/")+1:], "%d", &n); err == nil && len(p.Scripts) != sim.WantScripts(n) {
				c.errorf(t, "%d scripts on %s", fmt.Sprintf("%d, as served", sim.WantScripts(n)), len(p.Scripts), p.URL)
			}
		}
	}
	for u, r := range want {
		if count[u] == 0 {
			c.errorf(t, "no page for %s, %d links from a seed", fmt.Sprintf("one: within MaxDepth %d", spec.MaxDepth), u, r.Depth)
		}
	}
	c.checkRequests(t, w, want)
}

// checkLeftOut checks the pages of a crawl that ctx ended: one never
// requested carries fetchbench.ErrNotFetched, and there are at most limit
// of them, the fetches that had a slot. A URL still queued, or waiting for
// a slot, is left out.
func (c *crawlChecker) checkLeftOut(t *testing.T, w *crawlWeb, pages []fetchbench.Page, limit int) {
	t.Helper()
	requested := map[string]bool{}
	for i, log := range w.requests() {
		for _, r := range log {
			requested[w.Site(i).URL+r.Path] = true
		}
	}
	never := 0
	for _, p := range pages {
		switch {
		case errors.Is(p.Err, fetchbench.ErrNotFetched):
			never++
		case !requested[p.URL]:
			c.errorf(t, "%s, never requested: Err %v", "fetchbench.ErrNotFetched", p.URL, p.Err)
		}
	}
	if never > limit {
		c.errorf(t, "%d pages never requested", fmt.Sprintf("at most %d, the Limit: a URL still queued or waiting for a slot when ctx ends is left out", limit), never)
	}
}

// checkRequests checks that each page got exactly the requests it needs,
// and that no other page got any.
func (c *crawlChecker) checkRequests(t *testing.T, w *crawlWeb, want map[string]sim.Reached) {
	t.Helper()
	got := map[string]int{}
	for i, log := range w.requests() {
		for _, r := range log {
			if r.Path != "/robots.txt" {
				got[w.Site(i).URL+r.Path]++
			}
		}
	}
	for u, r := range want {
		if got[u] != r.Requests {
			c.errorf(t, "%d requests for %s", fmt.Sprintf("%d, counted by the server", r.Requests), got[u], u)
		}
	}
	for u, n := range got {
		if _, ok := want[u]; !ok {
			c.errorf(t, "%d requests for %s", "none: it is not within reach", n, u)
		}
	}
}

// checkRobots checks every host's log: robots.txt first and once (or never,
// with ignore), every request with the user agent, and no path that
// robots.txt forbids.
func (c *crawlChecker) checkRobots(t *testing.T, w *crawlWeb, agent string, ignore bool) {
	t.Helper()
	for i, log := range w.requests() {
		robots := 0
		for k, r := range log {
			if r.UserAgent != agent {
				c.errorf(t, "a request to host %d with User-Agent %q", fmt.Sprintf("%q on every request", agent), i, r.UserAgent)
			}
			if r.Path == "/robots.txt" {
				robots++
				if k != 0 {
					c.errorf(t, "robots.txt as request %d to host %d", "the first request to each host", k+1, i)
				}
				continue
			}
			if !ignore && !w.RobotsAllow(i, r.Path, agent) {
				c.errorf(t, "a request for %s on host %d", "none: robots.txt disallows it", r.Path, i)
			}
		}
		switch {
		case ignore && robots > 0:
			c.errorf(t, "%d robots.txt requests to host %d", "none with IgnoreRobots", robots, i)
		case !ignore && len(log) > 0 && robots != 1:
			c.errorf(t, "%d robots.txt requests to host %d", "exactly one", robots, i)
		}
	}
}

// checkGaps checks that request starts to each host are at least gap[i]
// apart, and that the closest two are exactly that.
func (c *crawlChecker) checkGaps(t *testing.T, w *crawlWeb, gap func(host int) time.Duration) {
	t.Helper()
	for i, log := range w.requests() {
		if len(log) < 2 {
			continue
		}
		closest := time.Duration(1<<63 - 1)
		for k := 1; k < len(log); k++ {
			closest = min(closest, log[k].Start.Sub(log[k-1].Start))
		}
		t.Logf("host %d: %d requests, the closest two starts %v apart", i, len(log), closest)
		if closest != gap(i) {
			c.errorf(t, "request starts to host %d at least %v apart", fmt.Sprintf("exactly %v at the closest", gap(i)), i, closest)
		}
	}
}

// starts returns when each request for path on host i began.
func (w *crawlWeb) starts(i int, path string) []time.Time {
	var ts []time.Time
	for _, r := range w.Log(i) {
		if r.Path == path {
			ts = append(ts, r.Start)
		}
	}
	return ts
}

// gaps returns the time between each start and the next.
func gaps(ts []time.Time) []time.Duration {
	var ds []time.Duration
	for k := 1; k < len(ts); k++ {
		ds = append(ds, ts[k].Sub(ts[k-1]))
	}
	return ds
}
