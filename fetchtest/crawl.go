package fetchtest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"fetchbench"
	"fetchbench/crawl"
	"fetchbench/fetchtest/sim"
)

// RunCrawl is the conformance suite for a crawl.Func: it checks package
// crawl's contract, on a multi-host web in memory, in a testing/synctest
// bubble. It proves every line a style could break; three details that
// only the shared crawl.Fetcher decides are left to package crawl's own
// tests: links resolved against a <base href>, the cap on Crawl-delay, and
// a robots.txt that answers 1xx or 3xx. Fake time makes every figure exact: the page
// set, the requests each host received and when each began and ended, the
// waits between retries.
//
// Each case runs as a subtest, checks for leaked goroutines, and says why
// it exists when it fails:
//
//	Crawl(2 seeds, Limit 4, MaxDepth 2) = …; want …: <why>
//
// The web serves plain HTTP with no link delay, so the server's clock reads
// the client's: a request starts on the server when the crawl sends it.
// One case crawls it over HTTPS and HTTP/2 with a delay, for the protocol.
// Each page waits its server latency; robots.txt and failed tries answer at
// once.
//
// No call waits forever. The first case, Returns, crawls a small web on
// loopback, outside any bubble, and gives each crawl 2 s of real time; the
// others give it ten fake minutes. A crawl still running then has its ctx
// cancelled, and one still running after half as long again is blocked:
// the case fails with the goroutines that run the style's own code, writes
// every stack to a file it names, and the cases after it are skipped.
func RunCrawl(t *testing.T, f crawl.Func) {
	var s suiteRun
	for _, c := range loopbackCrawlCases {
		s.run(t, c.name, func(t *testing.T, r *report) {
			c.run(t, crawlChecker{crawl: f, name: c.name, why: c.why, bound: crawlBound, report: r})
		})
	}
	for _, c := range crawlCases {
		s.run(t, c.name, func(t *testing.T, r *report) {
			synctest.Test(t, func(t *testing.T) {
				c.run(t, crawlChecker{crawl: f, name: c.name, why: c.why, bound: crawlBound, report: r})
			})
		})
	}
}

// crawlBound is the longest one crawl may run, in fake time.
const crawlBound = 10 * time.Minute

// A crawlChecker runs one case's crawl and reports failures.
type crawlChecker struct {
	crawl     crawl.Func
	name, why string
	bound     time.Duration // the longest one crawl may run before the suite cancels it
	report    *report
}

// A crawlWeb is the web of one case, and its client.
type crawlWeb struct {
	*sim.Web
	cfg    sim.WebConfig
	client *http.Client
	open   func() int
}

// newCrawlWeb starts a web of hosts serving pages each, with the crawl
// config cc, in the caller's bubble.
func newCrawlWeb(t *testing.T, hosts int, site sim.Config, cc sim.CrawlConfig) *crawlWeb {
	return newCrawlWebWith(t, sim.WebConfig{Hosts: hosts, Site: site, Crawl: &cc})
}

// newCrawlWebWith starts the web cfg describes, in the caller's bubble.
func newCrawlWebWith(t *testing.T, cfg sim.WebConfig) *crawlWeb {
	w := sim.NewWebInMemory(cfg)
	t.Cleanup(w.Close)
	return wrapCrawlWeb(cfg, w)
}

// wrapCrawlWeb gives w, started from cfg, a client.
func wrapCrawlWeb(cfg sim.WebConfig, w *sim.Web) *crawlWeb {
	client := w.Client(0)
	return &crawlWeb{Web: w, cfg: cfg, client: client, open: sim.CountOpen(client)}
}

// call runs the crawl, for at most c.bound: then the suite cancels its
// ctx, and fails the case if the crawl is still running c.bound/2 later.
func (c *crawlChecker) call(t *testing.T, ctx context.Context, w *crawlWeb, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
	t.Helper()
	c.report.call = describeCrawl(seeds, opts)
	start := time.Now()
	pages, cut, err := callWithin(t, ctx, c.bound, c.report, c.name, c.crawl, func(ctx context.Context) ([]fetchbench.Page, error) {
		return c.crawl(ctx, w.client, seeds, opts)
	})
	requests, failed := 0, 0
	for _, log := range w.requests() {
		requests += len(log)
	}
	for _, p := range pages {
		if p.Err != nil {
			failed++
		}
	}
	took := time.Since(start).Round(time.Millisecond) // finer is noise: a retry's backoff has random jitter
	t.Logf("%d seeds, MaxDepth %d: %d pages (%d failed), %d requests in %v", len(seeds), opts.MaxDepth, len(pages), failed, requests, took)
	if cut {
		c.errorf(t, "still running after %v, when the suite cancelled it", "a return before it", c.bound)
	}
	if n := w.open(); n != 0 {
		c.errorf(t, "return with %d requests still open", "none open: a crawl waits for the fetches it started", n)
	}
	return pages, err
}

// describeCrawl names a call to the style by what a hang may depend on.
func describeCrawl(seeds []string, opts crawl.Options) string {
	return fmt.Sprintf("Crawl(%d seeds, Limit %d, MaxDepth %d)", len(seeds), opts.Limit, opts.MaxDepth)
}

// errorf reports that the crawl gave got (a format for args) where the case
// wants want: the first failure of each kind at once, the rest as a count.
func (c *crawlChecker) errorf(t *testing.T, got, want string, args ...any) {
	t.Helper()
	text := fmt.Sprintf("%s = %s; want %s", c.report.call, fmt.Sprintf(got, args...), want)
	if !c.report.seen(got+"\x00"+want, text) {
		t.Errorf("%s: %s", text, c.why)
	}
}

// A crawlCase is one subtest of RunCrawl, and why it exists.
type crawlCase struct {
	name, why string
	run       func(*testing.T, crawlChecker)
}

// loopbackCrawlCases run first, in real time, outside any synctest bubble:
// a bubble that ends with a goroutine blocked for ever panics with every
// goroutine's stack, and the panic stops every test.
var loopbackCrawlCases = []crawlCase{
	{"Returns", "the crawl returns, with Limit 0, 1 and 3, from a small healthy web on loopback", testCrawlReturns},
}

// crawlCases run in a testing/synctest bubble, on a web in memory.
var crawlCases = []crawlCase{
	{"Pages", "the crawl takes up exactly the pages within MaxDepth of a seed by the shortest path, on the seeds' hosts, each once, with one request each", testCrawlPages(3, 8)},
	{"SeedsOnly", "MaxDepth 0 fetches the seeds only", testCrawlPages(0, 8)},
	{"OneLink", "MaxDepth 1 fetches the seeds and what they link to", testCrawlPages(1, 8)},
	{"NoLimit", "Limit 0 means no limit, and the page set is the same", testCrawlPages(3, 0)},
	{"HTTPS", "over HTTPS and HTTP/2, with real round trips, the page set is the same, and a stream reset is retried", testCrawlHTTPS},
	{"MetDeepFirst", "a URL first met beyond MaxDepth, and later met within it, is still fetched", testCrawlShortestPath(2)},
	{"ShorterPathLater", "a page fetched at depth d and later met by a shorter path passes its links on at the shorter depth", testCrawlShortestPath(3)},
	{"Robots", "robots.txt is fetched once per host, first, with the UserAgent; a disallowed path is never requested; a 4xx allows all; a 5xx or no connection disallows the host", testCrawlRobots(false)},
	{"IgnoreRobots", "with IgnoreRobots no robots.txt is requested and every page is fetched", testCrawlRobots(true)},
	{"RedirectRobots", "a redirect hop is a request like any other: robots.txt must allow it (or the page carries crawl.ErrDisallowed), and it waits for its host's rate", testCrawlRedirect},
	{"PerHost", "no host ever has more than PerHost requests in flight, and the crawl reaches that cap", testCrawlPerHost},
	{"Limit", "the requests in flight on all hosts together never exceed Limit, and the crawl reaches it", testCrawlLimit},
	{"Rate", "request starts to one host, robots.txt included, are at least 1/PerHostRate apart, or Crawl-delay apart if that is longer, and no further apart than that when pages wait", testCrawlRate},
	{"Retries", "429, 503 and a reset are retried after exactly Retry-After (seconds or a date, capped at crawl.MaxRetryAfter) or a backoff with jitter; a 404 never; each retry is one more request", testCrawlRetries},
	{"RetryRate", "a retry waits for the host's rate as well as for Retry-After", testCrawlRetryRate},
	{"Timeout", "a page that times out is retried, and fails with context.DeadlineExceeded when its retries run out", testCrawlTimeout},
	{"MaxPages", "MaxPages stops new fetches once that many pages were taken up; those in flight finish and are reported", testCrawlMaxPages},
	{"Cancel", "cancelling ctx returns promptly with ctx's error, sends no request after it, every page is done or carries the cancellation, and a URL still queued or waiting for a slot is left out", testCrawlCancel(false)},
	{"Deadline", "ctx's deadline ends the crawl on time with context.DeadlineExceeded", testCrawlCancel(true)},
	{"RobotsCut", "a page whose host's robots.txt had not answered when ctx ended is cut short by ctx, not disallowed", testCrawlRobotsCut},
}

// hostNum returns the number of a host of the web from a URL, or -1.
func (w *crawlWeb) hostNum(rawURL string) int {
	for i := range w.cfg.Hosts {
		if u := w.Site(i).URL; len(rawURL) > len(u) && rawURL[:len(u)] == u && rawURL[len(u)] == '/' {
			return i
		}
	}
	return -1
}

// requests returns every request to every host, by host.
func (w *crawlWeb) requests() [][]sim.Request {
	logs := make([][]sim.Request, w.cfg.Hosts)
	for i := range logs {
		logs[i] = w.Log(i)
	}
	return logs
}

// maxOverlap returns the most requests in flight at once among reqs. A
// request that ends when another starts does not overlap it: in fake time
// the crawl sends the next one at the very instant the last one ends.
func maxOverlap(reqs []sim.Request) int {
	type event struct {
		at    time.Time
		delta int
	}
	var evs []event
	for _, r := range reqs {
		end := r.End
		if end.IsZero() {
			end = r.Start.Add(1000 * time.Hour) // still running
		}
		evs = append(evs, event{r.Start, 1}, event{end, -1})
	}
	slices.SortFunc(evs, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.delta - b.delta // ends first
	})
	most, n := 0, 0
	for _, e := range evs {
		n += e.delta
		most = max(most, n)
	}
	return most
}
