package sim

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A CrawlConfig makes a Web crawlable, when set as WebConfig.Crawl: each
// page links to others on its own host and on other hosts, each host serves
// a robots.txt, and chosen pages fail their first tries. Web.Reach says
// exactly which pages a crawl must reach, and Web.Log when every request to
// a host began and ended.
type CrawlConfig struct {
	// Links is how many links each page holds, duplicates aside. Link k of
	// page p on host h goes to a page picked by a hash of (Seed, h, p, k),
	// on another host for a share CrossHost of the links (0 to 1), so the
	// graph is the same in every run with the same config.
	Links     int
	CrossHost float64
	Seed      uint64

	// Graph, if set, replaces that hash: page p of every host links to
	// the pages Graph[p] of its own host, and to nothing else.
	Graph map[int][]int

	// Duplicates repeats the first Duplicates links of each page, spelled
	// another way: a fragment, upper case, a default port, a relative path.
	// Every page also holds links that a crawl must not follow (mailto:,
	// javascript:, a host outside the web, a <link href>).
	Duplicates int

	// Robots[i%len(Robots)] is host i's robots.txt. With none, every host
	// answers /robots.txt with a 404, which allows everything.
	Robots []Robots

	// Flaky lists the pages that fail their first tries.
	Flaky []Flaky

	// Redirects makes page p of every host answer a 302 to its page
	// Redirects[p], at once. Reach does not follow them.
	Redirects map[int]int
}

// Robots is one host's answer to GET /robots.txt. It comes at once, with
// none of the site's latency.
type Robots struct {
	Status int    // 0 means 200
	Body   string // the file, as served

	// Stall makes it send nothing at all, until the client gives up. Reach
	// reads it as Status and Body say.
	Stall bool
}

// A Flaky page fails its first Tries requests, then serves the page.
type Flaky struct {
	Host, Page int // host i's page p
	Tries      int

	// Status is the failed tries' status code, sent at once. Zero resets
	// the connection instead, halfway through the body.
	Status int

	// RetryAfter, if positive, is sent as Retry-After in whole seconds, or
	// with AsDate as the HTTP date RetryAfter from now, rounded down to the
	// second, as HTTP dates are.
	RetryAfter time.Duration
	AsDate     bool

	// Stall makes the failed tries send nothing at all, until the client
	// gives up: a page timeout. Status is then unused.
	Stall bool
}

// transient reports whether a crawl retries the failure, by the contract
// of package fetchbench/crawl: 429, 502, 503, 504, a reset or a timeout.
func (f Flaky) transient() bool {
	switch f.Status {
	case 0, http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return f.Stall
}

// Request is one request a host received: its path, and when its handler
// began and ended, in the web's clock (fake time inside a synctest bubble).
type Request struct {
	Path       string
	UserAgent  string
	Start, End time.Time // End is zero while the handler runs
}

// crawlHost is a host's share of a crawlable web.
type crawlHost struct {
	cfg    *CrawlConfig
	web    *Web
	index  int    // the host's number
	filler []byte // the site's filler, with its links disarmed

	mu    sync.Mutex
	tries map[int]int // requests per page so far, for Flaky
	log   []Request
}

// addCrawl makes host i crawlable, if the web's config asks for it.
func (w *Web) addCrawl(h *host, i int) {
	if w.cfg.Crawl == nil {
		return
	}
	h.site.crawl = &crawlHost{
		cfg:    w.cfg.Crawl,
		web:    w,
		index:  i,
		filler: bytes.ReplaceAll(h.site.filler, []byte("<a href="), []byte("<a title=")),
		tries:  map[int]int{},
	}
}

// record logs a request from its start; the returned function logs its end.
func (c *crawlHost) record(r *http.Request) func() {
	c.mu.Lock()
	i := len(c.log)
	c.log = append(c.log, Request{Path: r.URL.Path, UserAgent: r.UserAgent(), Start: time.Now()})
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		c.log[i].End = time.Now()
		c.mu.Unlock()
	}
}

// serve answers /robots.txt and the pages, and reports false for anything
// else, which the site serves as usual.
func (c *crawlHost) serve(s *Site, w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path == "/robots.txt" {
		if len(c.cfg.Robots) == 0 {
			http.NotFound(w, r)
			return true
		}
		rb := c.cfg.Robots[c.index%len(c.cfg.Robots)]
		if rb.Stall {
			s.wait(r, nil)
			return true
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if rb.Status != 0 {
			w.WriteHeader(rb.Status)
		}
		io.WriteString(w, rb.Body)
		return true
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/page/")
	p, err := strconv.Atoi(rest)
	if !ok || err != nil || p < 0 || p >= s.cfg.Pages {
		return false
	}
	if q, ok := c.cfg.Redirects[p]; ok {
		http.Redirect(w, r, "/page/"+strconv.Itoa(q), http.StatusFound)
		return true
	}
	c.mu.Lock()
	c.tries[p]++
	try := c.tries[p]
	c.mu.Unlock()
	if f, ok := c.cfg.flaky(c.index, p); ok && try <= f.Tries {
		c.fail(s, w, r, f)
		return true
	}
	if !s.sleep(r, s.Latency(p)) {
		return true
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, pageHead(p))
	io.WriteString(w, c.links(s, p))
	w.Write(c.filler)
	io.WriteString(w, "</body></html>\n")
	return true
}

// flaky returns the fault of page p on host h, if it has one.
func (c *CrawlConfig) flaky(h, p int) (Flaky, bool) {
	for _, f := range c.Flaky {
		if f.Host == h && f.Page == p {
			return f, true
		}
	}
	return Flaky{}, false
}

// fail answers one failed try of a flaky page.
func (c *crawlHost) fail(s *Site, w http.ResponseWriter, r *http.Request, f Flaky) {
	switch {
	case f.Stall:
		s.wait(r, nil)
	case f.Status == 0:
		s.reset(w)
	default:
		if f.RetryAfter > 0 {
			v := strconv.Itoa(int(f.RetryAfter / time.Second))
			if f.AsDate {
				v = time.Now().Add(f.RetryAfter).UTC().Format(http.TimeFormat)
			}
			w.Header().Set("Retry-After", v)
		}
		http.Error(w, http.StatusText(f.Status), f.Status)
	}
}

// A target is a page a link goes to: page on host.
type target struct{ host, page int }

// targets returns where page p of host h links to, in order, duplicates
// aside.
func (c *CrawlConfig) targets(hosts, pages, h, p int) []target {
	if c.Graph != nil {
		var ts []target
		for _, q := range c.Graph[p] {
			ts = append(ts, target{h, q})
		}
		return ts
	}
	ts := make([]target, c.Links)
	for k := range ts {
		x := mix(c.Seed ^ uint64(h)<<40 ^ uint64(p)<<12 ^ uint64(k))
		th := h
		if hosts > 1 && float64(x%1000) < c.CrossHost*1000 {
			th = (h + 1 + int(x>>10)%(hosts-1)) % hosts
		}
		ts[k] = target{th, int(mix(x) % uint64(pages))}
	}
	return ts
}

// links writes page p's links: each target spelled one of four ways in
// turn, then the duplicates spelled another way, then links to skip.
func (c *crawlHost) links(s *Site, p int) string {
	hosts := len(c.web.hosts)
	ts := c.cfg.targets(hosts, s.cfg.Pages, c.index, p)
	var b strings.Builder
	b.WriteString("<nav>\n")
	for k, t := range ts {
		fmt.Fprintf(&b, "<a href=%q>link %d</a>\n", c.spell(t, k), k)
	}
	for k, t := range ts[:min(c.cfg.Duplicates, len(ts))] {
		fmt.Fprintf(&b, "<a class=dup href=%q>again %d</a>\n", c.spell(t, k+2), k)
	}
	b.WriteString(`<a href="mailto:webmaster@fetchtest.test">mail</a>
<a href="javascript:void(0)">script</a>
<a href="ftp://h0.fetchtest.test/file">ftp</a>
<a href="https://elsewhere.example/page/0">outside</a>
<a name="no-href">no href</a>
<link rel="next" href="/page/999999">
</nav>
`)
	return b.String()
}

// spell writes a link to t from this host in the k%4-th way: absolute or
// root-relative; relative or scheme-relative; upper case with the default
// port; with a fragment. An absolute link names the host as its site's URL
// does: a host of the web, or the loopback address cmd/fetchsite serves.
func (c *crawlHost) spell(t target, k int) string {
	base := c.web.hosts[t.host].site.URL // scheme://host[:port]
	scheme, host, _ := strings.Cut(base, "://")
	path := "/page/" + strconv.Itoa(t.page)
	same := t.host == c.index
	switch k % 4 {
	case 0:
		if same {
			return path
		}
		return base + path
	case 1:
		if same {
			return strconv.Itoa(t.page) // relative to /page/p
		}
		return "//" + host + path
	case 2:
		if !strings.Contains(host, ":") {
			host += map[string]string{"http": ":80", "https": ":443"}[scheme]
		}
		return strings.ToUpper(scheme+"://"+host) + path
	default:
		if same {
			return fmt.Sprintf("%s#part-%d", path, k)
		}
		return fmt.Sprintf("%s%s#part-%d", base, path, k)
	}
}

// NewCrawlSite is NewInMemory with a crawl config: a web of one host whose
// pages link to each other, that serves robots.txt and flaky pages as cc
// says. cmd/fetchsite serves it on loopback.
func NewCrawlSite(cfg Config, cc *CrawlConfig) *Site {
	w := newWeb(WebConfig{Hosts: 1, Site: cfg, Crawl: cc}, true, []string{Domain})
	s := w.hosts[0].site
	s.stop = w.Close
	return s
}

// Log returns every request host i has received so far, in the order they
// began, robots.txt included. It is empty unless WebConfig.Crawl is set.
func (w *Web) Log(i int) []Request {
	c := w.hosts[i].site.crawl
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Request(nil), c.log...)
}

// Reach is Web.Reach for the web of a site from NewCrawlSite.
func (s *Site) Reach(spec CrawlSpec) []Reached { return s.web.Reach(spec) }

// Log is Web.Log for the web of a site from NewCrawlSite.
func (s *Site) Log() []Request { return s.web.Log(0) }
