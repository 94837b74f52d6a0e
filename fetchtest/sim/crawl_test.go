package sim_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench/fetchtest/sim"
)

func getBody(t *testing.T, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

var hrefs = regexp.MustCompile(`<a [^>]*href="([^"]*)"`)

// A page's links come from the config's graph, spelled four ways, with the
// duplicates spelled another way and links a crawl must skip.
func TestCrawlLinks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{Hosts: 3, Site: sim.Config{Pages: 10, PageSize: 4000},
			Crawl: &sim.CrawlConfig{Links: 4, CrossHost: 0.5, Duplicates: 2}})
		defer web.Close()
		_, body := getBody(t, web.Client(0), web.Site(0).PageURL(1))
		var got []string
		for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
			got = append(got, m[1])
		}
		assert.Equal(t, []string{
			"http://h2.fetchtest.test/page/2",
			"//h1.fetchtest.test/page/8",
			"HTTP://H0.FETCHTEST.TEST:80/page/5",
			"http://h2.fetchtest.test/page/5#part-3",
			"HTTP://H2.FETCHTEST.TEST:80/page/2",     // link 0 again
			"http://h1.fetchtest.test/page/8#part-3", // link 1 again
			"mailto:webmaster@fetchtest.test",
			"javascript:void(0)",
			"ftp://h0.fetchtest.test/file",
			"https://elsewhere.example/page/0",
		}, got, "the filler's own links are disarmed")
	})
}

// Reach is a breadth-first walk of the graph that the pages serve: on the
// seeds' hosts only, to MaxDepth, and through no page that robots.txt
// forbids or that fails. The walk here reads the served pages themselves.
func TestCrawlReach(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{Hosts: 3, Site: sim.Config{Pages: 10},
			Crawl: &sim.CrawlConfig{Links: 3, CrossHost: 0.4, Duplicates: 1,
				Robots: []sim.Robots{{Body: "User-agent: *\nDisallow: /page/2\n"}, {Status: 404}, {Status: 503}},
				Flaky: []sim.Flaky{
					{Host: 0, Page: 1, Tries: 2, Status: 503}, // succeeds on its third try
					{Host: 1, Page: 7, Tries: 5, Status: 429}, // fails for good
					{Host: 1, Page: 5, Tries: 1, Status: 404}, // fails for good, at once
				}}})
		defer web.Close()
		client := web.Client(0)
		seeds := []string{web.Site(0).PageURL(1), web.Site(1).PageURL(0)}
		const depth, retries = 3, 2
		scope := map[string]bool{"h0.fetchtest.test": true, "h1.fetchtest.test": true}

		var want []sim.Reached
		seen := map[string]bool{}
		queue := []sim.Reached{{URL: seeds[0]}, {URL: seeds[1]}}
		for len(queue) > 0 {
			r := queue[0]
			queue = queue[1:]
			if seen[r.URL] {
				continue
			}
			seen[r.URL] = true
			u, _ := url.Parse(r.URL)
			if u.Host == "h0.fetchtest.test" && strings.HasPrefix(u.Path, "/page/2") {
				r.Disallowed = true
				want = append(want, r)
				continue
			}
			var resp *http.Response
			var body string
			for range retries + 1 {
				resp, body = getBody(t, client, r.URL)
				r.Requests++
				if resp.StatusCode != 503 && resp.StatusCode != 429 {
					break
				}
			}
			r.Fails = resp.StatusCode != 200
			want = append(want, r)
			if r.Fails || r.Depth == depth {
				continue
			}
			for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
				l, err := u.Parse(m[1])
				require.NoError(t, err)
				l.Fragment = ""
				l.Scheme, l.Host = strings.ToLower(l.Scheme), strings.TrimSuffix(strings.ToLower(l.Host), ":80")
				if l.Scheme == "http" && scope[l.Host] {
					queue = append(queue, sim.Reached{URL: l.String(), Depth: r.Depth + 1})
				}
			}
		}
		slices.SortFunc(want, func(a, b sim.Reached) int { return strings.Compare(a.URL, b.URL) })

		got := web.Reach(sim.CrawlSpec{Seeds: seeds, MaxDepth: depth, Retries: retries})
		assert.Equal(t, want, got)
		// The graph tries every rule: each kind of page below is in it.
		kinds := map[string]bool{}
		for _, r := range got {
			kinds[fmt.Sprintf("disallowed %v, fails %v, %d requests", r.Disallowed, r.Fails, r.Requests)] = true
		}
		for _, k := range []string{
			"disallowed true, fails false, 0 requests",
			"disallowed false, fails false, 3 requests", // 503 twice, then the page
			"disallowed false, fails true, 3 requests",  // 429 past the retries
			"disallowed false, fails true, 1 requests",  // a 404
		} {
			assert.True(t, kinds[k], k)
		}
	})
}

// A flaky page fails its first tries as configured, then serves the page;
// the host's log has every request, robots.txt included, with its times.
func TestCrawlFlakyAndLog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{Site: sim.Config{Pages: 4, Latency: time.Second},
			Crawl: &sim.CrawlConfig{
				Robots: []sim.Robots{{Body: "User-agent: *\nCrawl-delay: 2\n"}},
				Flaky: []sim.Flaky{
					{Page: 1, Tries: 1, Status: 429, RetryAfter: 3 * time.Second},
					{Page: 2, Tries: 1, Status: 503, RetryAfter: 90 * time.Second, AsDate: true},
					{Page: 3, Tries: 1}, // a reset
				}}})
		defer web.Close()
		c := web.Client(0)
		site := web.Site(0)
		start := time.Now()

		resp, body := getBody(t, c, site.URL+"/robots.txt")
		assert.Equal(t, "User-agent: *\nCrawl-delay: 2\n", body)
		resp, _ = getBody(t, c, site.PageURL(1))
		assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
		assert.Equal(t, "3", resp.Header.Get("Retry-After"))
		resp, _ = getBody(t, c, site.PageURL(1))
		assert.Equal(t, http.StatusOK, resp.StatusCode, "the second try")
		at := time.Now()
		resp, _ = getBody(t, c, site.PageURL(2))
		assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
		assert.Equal(t, at.Add(90*time.Second).UTC().Format(http.TimeFormat), resp.Header.Get("Retry-After"))
		resp, err := c.Get(site.PageURL(3))
		require.NoError(t, err, "the headers come")
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "then half the body, and the connection closes")

		log := web.Log(0)
		require.Len(t, log, 5)
		assert.Equal(t, sim.Request{Path: "/robots.txt", UserAgent: "Go-http-client/1.1", Start: start, End: start}, log[0], "robots.txt comes at once")
		assert.Equal(t, sim.Request{Path: "/page/1", UserAgent: "Go-http-client/1.1", Start: start, End: start}, log[1], "a failed try comes at once")
		assert.Equal(t, sim.Request{Path: "/page/1", UserAgent: "Go-http-client/1.1", Start: start, End: start.Add(time.Second)}, log[2], "a page waits its latency")
		assert.Equal(t, "/page/3", log[4].Path)
	})
}
