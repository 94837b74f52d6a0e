package sim

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/temoto/robotstxt"
)

// A CrawlSpec is what Web.Reach needs to know of a crawl: the contract of
// package fetchbench/crawl, with these options.
type CrawlSpec struct {
	Seeds        []string
	MaxDepth     int    // links followed from a seed; 0 is the seeds only
	UserAgent    string // whose group of robots.txt rules applies
	IgnoreRobots bool
	Retries      int // extra tries for a transient failure
}

// A Reached page is one that a crawl must take up.
type Reached struct {
	URL        string // normalised: lower-case scheme and host, no default port, no fragment
	Depth      int    // links from the nearest seed
	Disallowed bool   // robots.txt forbids it, or its host has none it can read: never requested
	Fails      bool   // requested, but it fails for good: its page carries an error
	Requests   int    // how many requests the host must see for it, retries included
}

// Reach returns exactly the pages that a crawl of the web with spec takes
// up, sorted by URL: every page within MaxDepth links of a seed by the
// shortest path, through pages that are neither disallowed nor failing,
// staying on the seeds' hosts. It reads the same robots.txt files that
// the hosts serve, with github.com/temoto/robotstxt, as RFC 9309 says: a
// 4xx allows all, and a 5xx or a host that refuses disallows all.
func (w *Web) Reach(spec CrawlSpec) []Reached {
	cfg := cmp.Or(w.cfg.Crawl, &CrawlConfig{})
	scope := map[string]bool{}
	var queue []Reached
	seen := map[string]bool{}
	for _, s := range spec.Seeds {
		u := normalise(s)
		if h := hostOf(u); h != "" {
			scope[h] = true
		}
		if !seen[u] {
			seen[u] = true
			queue = append(queue, Reached{URL: u})
		}
	}
	var out []Reached
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		h, p := w.page(r.URL)
		switch {
		case !spec.IgnoreRobots && !w.robotsAllow(cfg, h, r.URL, spec.UserAgent):
			r.Disallowed = true
		case h < 0:
			r.Fails = true // refused: no host of the web sees it
		case p < 0 || p >= w.cfg.Site.Pages:
			r.Fails, r.Requests = true, 1
		default:
			r.Requests = 1
			if f, ok := cfg.flaky(h, p); ok {
				switch {
				case f.transient() && f.Tries <= spec.Retries:
					r.Requests = f.Tries + 1
				case f.transient():
					r.Fails, r.Requests = true, spec.Retries+1
				case f.Tries > 0:
					r.Fails = true
				}
			}
		}
		out = append(out, r)
		if r.Disallowed || r.Fails || r.Depth >= spec.MaxDepth {
			continue
		}
		for _, t := range cfg.targets(len(w.hosts), w.cfg.Site.Pages, h, p) {
			u := normalise(w.hosts[t.host].site.PageURL(t.page))
			if scope[hostOf(u)] && !seen[u] {
				seen[u] = true
				queue = append(queue, Reached{URL: u, Depth: r.Depth + 1})
			}
		}
	}
	slices.SortFunc(out, func(a, b Reached) int { return strings.Compare(a.URL, b.URL) })
	return out
}

// page returns the host and page numbers of a page URL of the web, or -1
// for what is not one.
func (w *Web) page(u string) (hostNum, page int) {
	pu, err := url.Parse(u)
	if err != nil {
		return -1, -1
	}
	hostNum = slices.IndexFunc(w.hosts, func(h *host) bool { return normalise(h.site.URL) == pu.Scheme+"://"+pu.Host })
	rest, ok := strings.CutPrefix(pu.Path, "/page/")
	n, err := strconv.Atoi(rest)
	if !ok || err != nil || pu.RawQuery != "" {
		return hostNum, -1
	}
	return hostNum, n
}

// RobotsAllow reports whether host i's robots.txt lets agent fetch path,
// as Reach reads it.
func (w *Web) RobotsAllow(i int, path, agent string) bool {
	return w.robotsAllow(cmp.Or(w.cfg.Crawl, &CrawlConfig{}), i, path, agent)
}

// robotsAllow reports whether host h's robots.txt lets agent fetch u, a
// URL or a path. A
// host outside the web refuses the connection, which disallows all.
func (w *Web) robotsAllow(cfg *CrawlConfig, h int, u, agent string) bool {
	if h < 0 {
		return false
	}
	status, body := 404, ""
	if len(cfg.Robots) > 0 {
		rb := cfg.Robots[h%len(cfg.Robots)]
		status, body = cmp.Or(rb.Status, 200), rb.Body
	}
	data, err := robotstxt.FromStatusAndString(status, body)
	if err != nil {
		return false
	}
	if pu, err := url.Parse(u); err == nil && pu.Host != "" {
		u = pu.RequestURI()
	}
	return data.TestAgent(u, agent)
}

// normalise is the crawl contract's URL normalisation, written again here
// as the model: lower-case scheme and host, no default port, no fragment.
func normalise(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); u.Scheme == "http" && p == "80" || u.Scheme == "https" && p == "443" {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// hostOf returns the scheme and host of a normalised URL, "" if it has none.
func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return ""
	}
	return pu.Scheme + "://" + pu.Host
}
