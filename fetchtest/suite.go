package fetchtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

// slack is how late a style may return after a timeout or cancellation.
// The timing cases run in a testing/synctest bubble, where time is fake and
// a correct style returns exactly on time, so a small slack is plenty.
const slack = 10 * time.Millisecond

// bound is the longest one call to the style may run: then the suite
// cancels its ctx, and fails the case if it is still running bound/2 later.
// A healthy call takes milliseconds; a style that waits for a concurrency it
// never reaches (a barrier below) would otherwise hang until the test
// binary's timeout.
const bound = 10 * time.Second

// errBound is the cause of the ctx that bound cancels.
var errBound = errors.New("the suite's deadline")

// Run is the conformance suite for a fetchbench.FetchFunc. Each case runs as
// a subtest, checks for leaked goroutines, and says why it exists when it
// fails, with the Options of the call that failed:
//
//	FetchAll(3 urls, Limit 2) = …; want …: <why>
//
// A failure that hits many pages prints once, at the line of its check,
// and the case ends with how many more there were.
//
// No call waits forever. The first case, Returns, gives each call 2 s on
// loopback; the others give it 10 s. A call still running then has its ctx
// cancelled, and one still running after that is blocked: the case fails
// with the goroutines that run the style's own code, writes every stack to
// a file it names, and the cases after it are skipped.
//
// Run uses loopback sockets for most cases, and a testing/synctest bubble for
// the ones about time (timeouts, cancellation and limits). The Web cases
// run in a bubble too, on a four-host HTTPS Web in memory whose link costs
// real round trips, once over HTTP/2 and once over HTTP/1.1.
func Run(t *testing.T, fetch fetchbench.FetchFunc, traits Traits) {
	var s suiteRun
	for _, c := range slices.Concat(cases, webCases) {
		s.run(t, c.name, func(t *testing.T, r *report) {
			c.run(t, checker{fetch: fetch, traits: traits, name: c.name, why: c.why, bound: bound, report: r})
		})
	}
}

// A suiteRun runs a suite's cases, each as a subtest. A style that blocks,
// or that breaks the shape of every result (one Page per URL, in order),
// would fail every case the same way: the cases after the first such
// failure are skipped.
type suiteRun struct {
	stoppedIn string // the case that failed so, if one did
}

// run runs one case as a subtest with a fresh report, and checks for leaked
// goroutines after it.
func (s *suiteRun) run(t *testing.T, name string, body func(*testing.T, *report)) {
	t.Run(name, func(t *testing.T) {
		if s.stoppedIn != "" {
			t.Skipf("skipped: fix the failure in case %s first", s.stoppedIn)
		}
		before := goleak.IgnoreCurrent()
		r := &report{}
		defer func() {
			if r.blocked || r.shape {
				s.stoppedIn = name
			}
			if !r.blocked { // a blocked call's goroutines are reported already
				goleak.VerifyNone(t, before)
			}
		}()
		defer r.flush(t)
		body(t, r)
	})
}

// A suiteCase is one subtest of Run, and why it exists.
type suiteCase struct {
	name, why string
	run       func(*testing.T, checker)
}

var cases = []suiteCase{
	{"Returns", "FetchAll returns, with Limit 0, 1 and 3, from three healthy pages on loopback", testReturns},
	{"Empty", "no URLs is not an error", testEmpty},
	{"OnePage", "a page's scripts come back with src resolved against its URL", testOnePage},
	{"ManyWithDuplicates", "every URL, even a repeated one, gets its own Page with exact scripts", testMany},
	{"Redirect", "src resolves against the final URL after a redirect", testRedirect},
	{"PageErrors", "each failure is a typed error in its own page, and the other pages are intact", testPageErrors},
	{"BodyCapOption", "Options.MaxBodyBytes is passed on: a page over it fails with fetchbench.ErrTooLarge", testBodyCap},
	{"Faults", "every fault page gets its typed error, the slow ones at Options.Timeout, and the healthy pages between them are intact", testFaults},
	{"FaultsOnLoopback", "a reset connection, gzip and long bodies over a real socket get the right outcome", testFaultsOnLoopback},
	{"TimeoutStall", "a body that stalls fails at Options.Timeout with context.DeadlineExceeded", testTimeout(sim.Stall)},
	{"TimeoutSlowHeaders", "a server that never answers fails at Options.Timeout with context.DeadlineExceeded", testTimeout(sim.SlowHeaders)},
	{"Cancel", "with Limit 2, ten pages of 1s are still fetching when ctx is cancelled at 1.5s: FetchAll returns promptly with ctx.Err(), and every URL is either done or carries the cancellation (a style that ignores Limit is done before the cancel)", testCancel},
	{"Limit", "the server never sees more than Options.Limit requests at once, and a concurrent style reaches the limit", testLimit(8)},
	{"NoLimit", "Limit <= 0 means no limit: a concurrent style has every request in flight at once", testLimit(0)},
	{"ConnectionReuse", "a healthy run opens at most max(Limit, 1) connections, because they are reused", testReuse},
}

// checker runs one case's calls to the style and reports failures.
type checker struct {
	fetch     fetchbench.FetchFunc
	traits    Traits
	name, why string
	bound     time.Duration // the longest one call may run before the suite cancels it
	report    *report
}

// call runs the style, for at most c.bound, and checks what holds in every
// case: one Page per URL, in input order, with the URL exactly as given.
func (c checker) call(t *testing.T, ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	t.Helper()
	c.report.call = describeCall(urls, opts)
	pages, cut, err := callWithin(t, ctx, c.bound, c.report, c.name, c.fetch, func(ctx context.Context) ([]fetchbench.Page, error) {
		return c.fetch(ctx, client, urls, opts)
	})
	if cut {
		// What else is wrong follows from the cancel: say only this.
		t.Fatalf("%s returned only when the suite cancelled its ctx, after %v; want a return before it: %s", c.report.call, c.bound, c.why)
	}
	if len(pages) != len(urls) {
		c.report.shape = true
		t.Fatalf("%s = %d pages; want %d: every URL gets exactly one Page", c.report.call, len(pages), len(urls))
	}
	for i, p := range pages {
		if p.URL == "" && urls[i] != "" {
			c.report.shape = true
			t.Fatalf("%s: pages[%d] is an empty Page; want the page of %q: FetchAll returned before the work that fills it had finished (does it wait for every goroutine it started?)", c.report.call, i, urls[i])
		}
		if p.URL != urls[i] {
			c.report.shape = true
			t.Fatalf("%s: pages[%d].URL = %q; want %q: pages come back in input order", c.report.call, i, p.URL, urls[i])
		}
	}
	return pages, err
}

// describeCall names a call to the style by what a failure depends on.
func describeCall(urls []string, opts fetchbench.Options) string {
	s := fmt.Sprintf("FetchAll(%d urls, Limit %d", len(urls), opts.Limit)
	if opts.Timeout > 0 {
		s += fmt.Sprintf(", Timeout %v", opts.Timeout)
	}
	if opts.MaxBodyBytes > 0 {
		s += fmt.Sprintf(", MaxBodyBytes %d", opts.MaxBodyBytes)
	}
	return s + ")"
}

// errorf reports that the last call gave got (a format for args) where the
// case wants want. Failures with the same got format and want are one kind:
// the first of each kind fails the case at once, at the line of its check,
// and the case ends by saying how many more there were.
func (c checker) errorf(t *testing.T, urls []string, got, want string, args ...any) {
	t.Helper()
	call := c.report.call
	if call == "" {
		call = fmt.Sprintf("FetchAll(%d urls)", len(urls))
	}
	text := fmt.Sprintf("%s = %s; want %s", call, fmt.Sprintf(got, args...), want)
	if c.report.seen(got+"\x00"+want, text) {
		return
	}
	t.Errorf("%s: %s", text, c.why)
}

// A report keeps a case's failures by kind, so that a bug that hits 64
// pages reads as one line and a count, not 64 lines.
type report struct {
	call    string // the last call to the style, with its Options
	blocked bool   // the style never returned
	shape   bool   // the pages were not one per URL, in input order
	kinds   []reportKind
}

type reportKind struct {
	key, first string
	more       int
}

// seen records one failure of kind key, and reports whether an earlier one
// was of the same kind.
func (r *report) seen(key, first string) bool {
	for i := range r.kinds {
		if r.kinds[i].key == key {
			r.kinds[i].more++
			return true
		}
	}
	r.kinds = append(r.kinds, reportKind{key: key, first: first})
	return false
}

// flush says how many failures each kind had beyond the one printed.
func (r *report) flush(t *testing.T) {
	for _, k := range r.kinds {
		if k.more > 0 {
			t.Logf("and %d more failures like %s", k.more, k.first)
		}
	}
}

// checkPage checks that pages[i] succeeded with page n's scripts.
func (c checker) checkPage(t *testing.T, urls []string, pages []fetchbench.Page, i, n int) {
	t.Helper()
	p := pages[i]
	if p.Err != nil {
		c.errorf(t, urls, "pages[%d].Err = %v", "nil", i, p.Err)
	} else if got, want := len(p.Scripts), sim.WantScripts(n); got != want {
		c.errorf(t, urls, "%d scripts on pages[%d]", fmt.Sprintf("%d, as served", want), got, i)
	}
}

// checkNothingOpen checks that no request the style started is still open
// when FetchAll has returned: every style in fetchbench waits for its work.
// open is site.OpenRequests, or a counter from sim.CountOpen.
func (c checker) checkNothingOpen(t *testing.T, urls []string, open func() int) {
	t.Helper()
	if n := open(); n != 0 {
		c.errorf(t, urls, "return with %d requests still open", "none open: FetchAll waits for the fetches it started", n)
	}
}

// checkRunErr checks the error FetchAll returned when some pages failed:
// nil for a collect-all style, and a page's error for a fail-fast one.
func (c checker) checkRunErr(t *testing.T, urls []string, err error, pageErr func(error) bool) {
	t.Helper()
	switch {
	case c.traits.FailFast && (err == nil || !pageErr(err)):
		c.errorf(t, urls, "error %v", "the first page error (fail-fast)", err)
	case !c.traits.FailFast && err != nil:
		c.errorf(t, urls, "error %v", "nil (collect-all: page errors stay in their pages)", err)
	}
}

// testReturns runs the style on three fast pages at the limits the other
// cases use, with a short bound, so that a style that blocks fails here in
// seconds, before any case in a synctest bubble: a bubble that ends with a
// goroutine blocked for ever panics, and the panic stops every test.
func testReturns(t *testing.T, c checker) {
	site := sim.NewServer(sim.Config{Pages: 3})
	defer site.Close()
	client := fetchbench.NewClient(3)
	defer client.CloseIdleConnections()
	c.bound = 2 * time.Second
	for _, limit := range []int{0, 1, 3} {
		c.call(t, t.Context(), client, site.URLs(), fetchbench.Options{Limit: limit})
	}
}

func testEmpty(t *testing.T, c checker) {
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()
	for _, urls := range [][]string{nil, {}} {
		if _, err := c.call(t, t.Context(), client, urls, fetchbench.Options{Limit: 4}); err != nil {
			c.errorf(t, urls, "error %v", "nil", err)
		}
	}
}

func testOnePage(t *testing.T, c checker) {
	site := sim.NewServer(sim.Config{Pages: 4})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	urls := []string{site.PageURL(3)}
	pages, err := c.call(t, t.Context(), client, urls, fetchbench.Options{})
	if err != nil {
		c.errorf(t, urls, "error %v", "nil", err)
	}
	c.checkPage(t, urls, pages, 0, 3)
	if p := pages[0]; p.Err == nil {
		want := []string{site.URL + "/page/js/app.js", "", site.URL + "/js/module.js", "https://cdn.example/lib.js"}
		for i, s := range p.Scripts {
			if s.Src != want[i] {
				c.errorf(t, urls, "Scripts[%d].Src %q", fmt.Sprintf("%q", want[i]), i, s.Src)
			}
		}
	}
}

func testMany(t *testing.T, c checker) {
	const distinct = 150
	site := sim.NewServer(sim.Config{Pages: distinct})
	defer site.Close()
	client := fetchbench.NewClient(8)
	defer client.CloseIdleConnections()

	urls := make([]string, 200)
	for i := range urls {
		urls[i] = site.PageURL(i * 7 % distinct) // 50 URLs appear twice
	}
	pages, err := c.call(t, t.Context(), client, urls, fetchbench.Options{Limit: 8})
	if err != nil {
		c.errorf(t, urls, "error %v", "nil", err)
	}
	for i := range pages {
		c.checkPage(t, urls, pages, i, i*7%distinct)
	}
}

func testRedirect(t *testing.T, c checker) {
	site := sim.NewServer(sim.Config{Pages: 1})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	urls := []string{site.FaultURL(sim.Redirect)}
	pages, err := c.call(t, t.Context(), client, urls, fetchbench.Options{})
	if err != nil {
		c.errorf(t, urls, "error %v", "nil", err)
	}
	c.checkPage(t, urls, pages, 0, 0)
	p := pages[0]
	if p.FinalURL != site.PageURL(0) {
		c.errorf(t, urls, "FinalURL %q", fmt.Sprintf("%q", site.PageURL(0)), p.FinalURL)
	}
	if want := site.URL + "/page/js/app.js"; p.Err == nil && p.Scripts[0].Src != want {
		c.errorf(t, urls, "Src %q", fmt.Sprintf("%q", want), p.Scripts[0].Src)
	}
}

// An outcome is what one URL must come back with: a healthy page's scripts,
// or an error that err recognises.
type outcome struct {
	url  string
	page int              // the page served, for a healthy URL
	err  func(error) bool // the error expected, for a failing one
	desc string           // the expected error, in words
}

func healthy(s *sim.Site, i int) outcome { return outcome{url: s.PageURL(i), page: i} }

func failing(url, desc string, err func(error) bool) outcome {
	return outcome{url: url, err: err, desc: desc}
}

func is(targets ...error) func(error) bool {
	return func(err error) bool {
		for _, target := range targets {
			if errors.Is(err, target) {
				return true
			}
		}
		return false
	}
}

func isStatus(code int) func(error) bool {
	return func(err error) bool {
		var se *fetchbench.StatusError
		return errors.As(err, &se) && se.Code == code
	}
}

// faultOutcome returns what a fetch of fault f must come back with.
func faultOutcome(s *sim.Site, f sim.Fault) outcome {
	url := s.FaultURL(f)
	switch f {
	case sim.NotFound:
		return failing(url, "a *fetchbench.StatusError with Code 404", isStatus(404))
	case sim.ServerError:
		return failing(url, "a *fetchbench.StatusError with Code 500", isStatus(500))
	case sim.NotHTML, sim.WrongType:
		return failing(url, "fetchbench.ErrNotHTML", is(fetchbench.ErrNotHTML))
	case sim.Oversized, sim.Endless:
		return failing(url, "fetchbench.ErrTooLarge", is(fetchbench.ErrTooLarge))
	case sim.Stall, sim.SlowHeaders, sim.Trickle:
		return failing(url, "an error wrapping context.DeadlineExceeded", is(context.DeadlineExceeded))
	case sim.RedirectLoop:
		return failing(url, "fetchbench.ErrTooManyRedirects", is(fetchbench.ErrTooManyRedirects))
	case sim.Reset:
		// A loopback server resets the connection; the in-memory one can
		// only end the body early.
		return failing(url, "an error wrapping syscall.ECONNRESET or io.ErrUnexpectedEOF", is(syscall.ECONNRESET, io.ErrUnexpectedEOF))
	default: // NoType, Redirect, Gzip, Latin1: page 0, served in an unusual way
		return outcome{url: url, page: 0}
	}
}

// checkOutcomes runs the style on want's URLs and checks every page and the
// run's error. A fail-fast style may have cancelled any page.
func (c checker) checkOutcomes(t *testing.T, ctx context.Context, client *http.Client, want []outcome, opts fetchbench.Options) {
	t.Helper()
	urls := make([]string, len(want))
	for i, w := range want {
		urls[i] = w.url
	}
	pages, err := c.call(t, ctx, client, urls, opts)
	c.checkRunErr(t, urls, err, func(err error) bool {
		for _, w := range want {
			if w.err != nil && w.err(err) {
				return true
			}
		}
		return false
	})
	for i, w := range want {
		p := pages[i]
		switch {
		case c.traits.FailFast && p.Err != nil && errors.Is(p.Err, context.Canceled):
			// Cancelled by an earlier failure: the fail-fast contract.
		case w.err == nil:
			c.checkPage(t, urls, pages, i, w.page)
		case p.Err == nil || !w.err(p.Err):
			c.errorf(t, urls, "pages[%d].Err = %v", w.desc, i, p.Err)
		}
	}
}

func testPageErrors(t *testing.T, c checker) {
	site := sim.NewServer(sim.Config{Pages: 3})
	defer site.Close()
	client := fetchbench.NewClient(4)
	defer client.CloseIdleConnections()

	want := []outcome{
		healthy(site, 0),
		faultOutcome(site, sim.NotFound),
		faultOutcome(site, sim.ServerError),
		healthy(site, 1),
		failing(closedPortURL(t), "an error wrapping syscall.ECONNREFUSED", is(syscall.ECONNREFUSED)),
		faultOutcome(site, sim.NotHTML),
		faultOutcome(site, sim.Oversized),
		failing("http://[::1", "fetchbench.ErrInvalidURL", is(fetchbench.ErrInvalidURL)),
		failing("ftp://example.com/", "fetchbench.ErrInvalidURL", is(fetchbench.ErrInvalidURL)),
		faultOutcome(site, sim.RedirectLoop),
		healthy(site, 2),
	}
	c.checkOutcomes(t, t.Context(), client, want, fetchbench.Options{Limit: 4, MaxBodyBytes: 1 << 20})
}

func testBodyCap(t *testing.T, c checker) {
	site := sim.NewServer(sim.Config{Pages: 3, PageSize: 64 << 10})
	defer site.Close()
	client := fetchbench.NewClient(2)
	defer client.CloseIdleConnections()

	tooLarge := "fetchbench.ErrTooLarge (the pages are 64 KiB, the cap 16 KiB)"
	var want []outcome
	for _, url := range site.URLs() {
		want = append(want, failing(url, tooLarge, is(fetchbench.ErrTooLarge)))
	}
	c.checkOutcomes(t, t.Context(), client, want, fetchbench.Options{Limit: 2, MaxBodyBytes: 16 << 10})
}

// testFaults tries every fault page between healthy ones, in fake time, and
// checks that the run ends as soon as the slow faults time out.
func testFaults(t *testing.T, c checker) {
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{Pages: len(sim.Faults) + 1})
		defer site.Close()
		want := []outcome{healthy(site, 0)}
		slow := 0 // faults that end only at the timeout
		for i, f := range sim.Faults {
			want = append(want, faultOutcome(site, f), healthy(site, i+1))
			if f == sim.Stall || f == sim.SlowHeaders || f == sim.Trickle {
				slow++
			}
		}

		const limit, timeout = 4, time.Second
		concurrent := limit
		if c.traits.Sequential {
			concurrent = 1
		}
		// The healthy pages and the fast faults take no fake time, so the
		// run lasts as long as the slow faults take, limit at a time.
		bound := time.Duration((slow+concurrent-1)/concurrent)*timeout + slack
		start := time.Now()
		opts := fetchbench.Options{Limit: limit, Timeout: timeout, MaxBodyBytes: 256 << 10}
		c.checkOutcomes(t, t.Context(), site.Client(), want, opts)
		if elapsed := time.Since(start); elapsed > bound {
			t.Errorf("%s returned after %v; want at most %v: %s", c.report.call, elapsed, bound, c.why)
		}
	})
}

// testFaultsOnLoopback tries the faults whose behaviour depends on a real
// connection: a reset, gzip, server-side sniffing and long bodies.
func testFaultsOnLoopback(t *testing.T, c checker) {
	site := sim.NewServer(sim.Config{Pages: 5})
	defer site.Close()
	client := fetchbench.NewClient(4)
	defer client.CloseIdleConnections()

	want := []outcome{healthy(site, 0)}
	for i, f := range []sim.Fault{sim.Reset, sim.Gzip, sim.NoType, sim.Oversized, sim.Endless} {
		want = append(want, faultOutcome(site, f), healthy(site, i))
	}
	c.checkOutcomes(t, t.Context(), client, want, fetchbench.Options{Limit: 4, MaxBodyBytes: 256 << 10})
}

func testTimeout(fault sim.Fault) func(*testing.T, checker) {
	return func(t *testing.T, c checker) {
		synctest.Test(t, func(t *testing.T) {
			site := sim.NewInMemory(sim.Config{Pages: 2})
			defer site.Close()
			const timeout = 2 * time.Second
			urls := []string{site.PageURL(0), site.FaultURL(fault), site.PageURL(1)}
			c.checkTimeout(t, site.Client(), urls, fetchbench.Options{Limit: 2, Timeout: timeout}, timeout, site.OpenRequests, 1)
		})
	}
}

// checkTimeout runs the style over a healthy page, a page that never ends,
// and page last, and checks that it returned within most, that the middle
// page failed at opts.Timeout, and that the other two are intact.
func (c checker) checkTimeout(t *testing.T, client *http.Client, urls []string, opts fetchbench.Options, most time.Duration, open func() int, last int) {
	start := time.Now()
	pages, err := c.call(t, t.Context(), client, urls, opts)
	if elapsed := time.Since(start); elapsed > most+slack {
		c.errorf(t, urls, "return after %v", fmt.Sprintf("at most %v + %v", most, slack), elapsed)
	}
	isDeadline := func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }
	if !isDeadline(pages[1].Err) {
		c.errorf(t, urls, "pages[1].Err = %v", "an error wrapping context.DeadlineExceeded", pages[1].Err)
	}
	c.checkRunErr(t, urls, err, isDeadline)
	c.checkNothingOpen(t, urls, open)
	c.checkPage(t, urls, pages, 0, 0)
	c.checkPage(t, urls, pages, 2, last)
}

func testCancel(t *testing.T, c checker) {
	synctest.Test(t, func(t *testing.T) {
		const n, latency, cancelAt = 10, time.Second, 1500 * time.Millisecond
		site := sim.NewInMemory(sim.Config{Pages: n, Latency: latency})
		defer site.Close()
		c.checkCancel(t, site.Client(), site.URLs(), cancelAt, latency, site.OpenRequests, func() int { return site.Stats().Requests })
	})
}

// checkCancel runs the style over urls at limit 2, cancels ctx at cancelAt,
// and checks that the style returned on time with ctx's error and nothing
// left open; that every page is done or carries the cancellation, with
// page 0 done (at firstDone); and that every URL whose request was never
// sent, by the count of requests, says it was not fetched.
func (c checker) checkCancel(t *testing.T, client *http.Client, urls []string, cancelAt, firstDone time.Duration, open, requests func() int) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	time.AfterFunc(cancelAt, cancel)
	start := time.Now()
	pages, err := c.call(t, ctx, client, urls, fetchbench.Options{Limit: 2})
	if elapsed := time.Since(start); elapsed > cancelAt+slack {
		c.errorf(t, urls, "return after %v", fmt.Sprintf("at most %v + %v (cancelled at %v)", cancelAt, slack, cancelAt), elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		c.errorf(t, urls, "error %v", "context.Canceled", err)
	}
	c.checkNothingOpen(t, urls, open)
	done, notFetched := 0, 0
	for i, p := range pages {
		switch {
		case p.Err == nil:
			c.checkPage(t, urls, pages, i, i)
			done++
		case !errors.Is(p.Err, context.Canceled):
			want := "nil, or an error wrapping context.Canceled"
			if errors.Is(p.Err, fetchbench.ErrNotFetched) {
				want = "an error wrapping both fetchbench.ErrNotFetched and context.Canceled, as fetchbench.NotFetched(ctx, url) makes"
				notFetched++
			}
			c.errorf(t, urls, "pages[%d].Err = %v", want, i, p.Err)
		case errors.Is(p.Err, fetchbench.ErrNotFetched):
			notFetched++
		}
	}
	if done == 0 {
		c.errorf(t, urls, "no pages done", fmt.Sprintf("page 0 done: it finished at %v, before the cancel", firstDone))
	}
	if sent := requests(); notFetched < len(urls)-sent {
		c.errorf(t, urls, "%d pages with fetchbench.ErrNotFetched", fmt.Sprintf("at least %d: only %d requests were sent", len(urls)-sent, sent), notFetched)
	}
}

func testLimit(limit int) func(*testing.T, checker) {
	return func(t *testing.T, c checker) {
		synctest.Test(t, func(t *testing.T) {
			const n = 64
			want := limit
			switch {
			case c.traits.Sequential:
				want = 1
			case limit <= 0:
				want = n
			}
			// The barrier holds every request until want are in flight, so
			// a style that never gets there fails at call's bound instead
			// of passing by luck. In fake time, that takes no time.
			site := sim.NewInMemory(sim.Config{Pages: n, Latency: 10 * time.Millisecond, Barrier: want})
			defer site.Close()
			client := site.Client()

			urls := site.URLs()
			pages, err := c.call(t, t.Context(), client, urls, fetchbench.Options{Limit: limit})
			got := site.Stats().MaxInFlight
			t.Logf("Limit %d, %d pages: the most requests in flight at once, as the server counted them: %d", limit, n, got)
			if got != want {
				c.errorf(t, urls, "%d requests in flight at most", fmt.Sprintf("exactly %d", want), got)
			}
			if err != nil {
				c.errorf(t, urls, "error %v", "nil", err)
			}
			for i := range pages {
				c.checkPage(t, urls, pages, i, i)
			}
		})
	}
}

func testReuse(t *testing.T, c checker) {
	const limit = 4
	want := limit
	if c.traits.Sequential {
		want = 1
	}
	// The barrier makes the first want requests all dial before any of
	// them finishes. Without it, a request that is still dialing can be
	// handed a connection that another one just freed, and its own dial
	// then adds a connection more than the limit: a Transport detail, not
	// a fault of the style. A style that never reaches want in flight
	// waits at the barrier until call's bound, in real time.
	site := sim.NewServer(sim.Config{Pages: 40, Barrier: want})
	defer site.Close()
	client := fetchbench.NewClient(limit)
	defer client.CloseIdleConnections()

	urls := site.URLs()
	if _, err := c.call(t, t.Context(), client, urls, fetchbench.Options{Limit: limit}); err != nil {
		c.errorf(t, urls, "error %v", "nil", err)
	}
	if got := site.Stats().NewConns; got > want {
		c.errorf(t, urls, "%d new connections", fmt.Sprintf("at most %d", want), got)
	}
}

// closedPortURL returns the URL of a loopback port that nothing listens on.
func closedPortURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/"
}
