package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench/crawl"
	"fetchbench/fetchtest/sim"
)

// crawlSite serves a crawlable site on loopback, as cmd/fetchsite -links
// does, robots.txt included.
func crawlSite(t *testing.T, cfg sim.Config, robots string) *sim.Site {
	site := sim.NewCrawlSite(cfg, &sim.CrawlConfig{Links: 3, Duplicates: 1, Robots: []sim.Robots{{Body: robots}}})
	srv := httptest.NewServer(site)
	site.URL = srv.URL
	t.Cleanup(func() { site.Close(); srv.Close() })
	return site
}

// -crawl -json takes up the pages the site says a crawl reaches, prints
// each once, and a summary that counts them; disallowed pages do not fail
// the run.
func TestCrawlCommand(t *testing.T) {
	site := crawlSite(t, sim.Config{Pages: 30}, "User-agent: *\nDisallow: /page/1\n")
	seed := site.PageURL(0)
	var stdout, stderr bytes.Buffer
	code := run([]string{"-crawl", "-depth", "2", "-rate", "0", "-json", seed}, env{stdout: &stdout, stderr: &stderr})
	require.Equal(t, exitOK, code, "stderr: %s", stderr.String())

	var got []string
	var sum struct{ Pages, Failed, Disallowed, Hosts, Requests int }
	lines := bufio.NewScanner(&stdout)
	for lines.Scan() {
		var rec struct {
			URL     string
			Summary *struct{ Pages, Failed, Disallowed, Hosts, Requests int }
		}
		require.NoError(t, json.Unmarshal(lines.Bytes(), &rec))
		if rec.Summary != nil {
			sum = *rec.Summary
			continue
		}
		got = append(got, rec.URL)
	}
	var want []string
	disallowed := 0
	for _, r := range site.Reach(sim.CrawlSpec{Seeds: []string{seed}, MaxDepth: 2, UserAgent: crawl.DefaultUserAgent}) {
		want = append(want, r.URL)
		if r.Disallowed {
			disallowed++
		}
	}
	slices.Sort(got)
	assert.Equal(t, want, got)
	assert.Positive(t, disallowed, "the site should disallow a page the crawl meets")
	assert.Equal(t, len(want), sum.Pages)
	assert.Equal(t, disallowed, sum.Failed)
	assert.Equal(t, disallowed, sum.Disallowed)
	assert.Equal(t, 1, sum.Hosts)
	assert.Equal(t, len(want)-disallowed+1, sum.Requests, "one per page fetched, and robots.txt")
	for _, r := range site.Log() {
		assert.Equal(t, crawl.DefaultUserAgent, r.UserAgent)
	}
}

// By default a crawl keeps to 1 request a second on a host: robots.txt
// first, then the two seeds, at least a second apart (as the server saw
// them, so a little less may pass between two arrivals).
func TestCrawlCommandIsPolite(t *testing.T) {
	site := crawlSite(t, sim.Config{Pages: 3}, "")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-crawl", "-depth", "0", site.PageURL(0), site.PageURL(1)}, env{stdout: &stdout, stderr: &stderr})
	require.Equal(t, exitOK, code, "stderr: %s", stderr.String())
	log := site.Log()
	require.Len(t, log, 3)
	assert.Equal(t, "/robots.txt", log[0].Path)
	for k := 1; k < len(log); k++ {
		assert.GreaterOrEqual(t, log[k].Start.Sub(log[k-1].Start), 900*time.Millisecond, "request %d", k)
	}
	assert.Contains(t, stdout.String(), "2 per host at 1/s")
}

// -public-only refuses the loopback site: robots.txt is unreachable, so
// the host is disallowed, and that is a failure.
func TestCrawlCommandPublicOnly(t *testing.T) {
	site := crawlSite(t, sim.Config{Pages: 3}, "")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-crawl", "-public-only", site.PageURL(0)}, env{stdout: &stdout, stderr: &stderr})
	assert.Equal(t, exitFail, code)
	assert.Contains(t, stdout.String(), "robots.txt unreachable")
	assert.Contains(t, stdout.String(), "blocked")
	assert.Empty(t, site.Log(), "no request reached the site")
}

// Each usage error of -crawl points to -crawl -h (whose text
// TestHelpGolden checks).
func TestCrawlUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{
		{"-crawl"},
		{"-crawl", "-style", "nope", "http://example.com/"},
		{"-crawl", "-limit", "0", "http://example.com/"},
		{"-crawl", "-depth", "-1", "http://example.com/"},
		{"-crawl", "http://example.com/", "-depth", "2"},
	} {
		stderr.Reset()
		assert.Equal(t, exitUsage, run(args, env{stdout: &stdout, stderr: &stderr}), "%q", args)
		assert.Contains(t, stderr.String(), "fetchbench -crawl -h", "%q", args)
	}
}

// On a terminal, a crawl counts its requests on stderr, then clears the line.
func TestCrawlProgress(t *testing.T) {
	site := crawlSite(t, sim.Config{Pages: 5}, "")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-crawl", "-rate", "0", site.PageURL(0)}, env{stdout: &stdout, stderr: &stderr, progress: true})
	require.Equal(t, exitOK, code, "stderr: %s", stderr.String())
	assert.Contains(t, stderr.String(), "\x1b[Kcrawl  ")
	assert.True(t, strings.HasSuffix(stderr.String(), "\r\x1b[K"), "the line is cleared: %q", stderr.String())
}
