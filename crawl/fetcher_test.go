package crawl_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
	"fetchbench/crawl"
	"fetchbench/fetchtest/sim"
)

// A reset is transient over HTTP/1.1, where the connection closes mid-body,
// and over HTTP/2, where the server resets the stream: both are retried.
func TestFetchRetriesAReset(t *testing.T) {
	for _, http1 := range []bool{true, false} {
		t.Run(map[bool]string{true: "HTTP1", false: "HTTP2"}[http1], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				web := sim.NewWebInMemory(sim.WebConfig{
					Site: sim.Config{Pages: 2}, TLS: true, HTTP1Only: http1, Link: sim.Link{RTT: 10 * time.Millisecond},
					Crawl: &sim.CrawlConfig{Links: 1, Flaky: []sim.Flaky{{Page: 1, Tries: 1}}},
				})
				defer web.Close()
				url := web.Site(0).PageURL(1)
				f := crawl.NewFetcher(web.Client(0), []string{url}, crawl.Options{Retries: 1})
				page, links := f.Fetch(t.Context(), url)
				require.NoError(t, page.Err)
				assert.Equal(t, []string{web.Site(0).PageURL(0)}, links)
				var paths []string
				for _, r := range web.Log(0) {
					paths = append(paths, r.Path)
				}
				assert.Equal(t, []string{"/robots.txt", "/page/1", "/page/1"}, paths)
			})
		})
	}
}

// A fetch that ctx cuts short while it waits to retry, here for the host's
// rate after Retry-After, keeps its last failure, with ctx's error: a
// request was sent, so it is not fetchbench.ErrNotFetched.
func TestFetchCutShortBeforeARetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{
			Site:  sim.Config{Pages: 2},
			Crawl: &sim.CrawlConfig{Flaky: []sim.Flaky{{Page: 1, Tries: 1, Status: 503, RetryAfter: time.Second}}},
		})
		defer web.Close()
		url := web.Site(0).PageURL(1)
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		// The rate allows the retry at 10 s, after ctx's deadline.
		opts := crawl.Options{Retries: 1, PerHostRate: 0.1, IgnoreRobots: true}
		page, _ := crawl.NewFetcher(web.Client(0), []string{url}, opts).Fetch(ctx, url)
		assert.ErrorIs(t, page.Err, context.DeadlineExceeded)
		assert.NotErrorIs(t, page.Err, fetchbench.ErrNotFetched)
		var se *fetchbench.StatusError
		require.ErrorAs(t, page.Err, &se)
		assert.Equal(t, 503, se.Code)
		assert.Equal(t, 503, page.Status)
	})
}

// A fetch that ctx cuts short while its host's robots.txt loads is not
// fetched, and does not blame the host: the next fetch asks again.
func TestFetchCutShortWhileRobotsLoads(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{
			Site:  sim.Config{Pages: 2},
			Crawl: &sim.CrawlConfig{Robots: []sim.Robots{{Stall: true}}},
		})
		defer web.Close()
		url := web.Site(0).PageURL(1)
		f := crawl.NewFetcher(web.Client(0), []string{url}, crawl.Options{})
		for range 2 {
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			page, _ := f.Fetch(ctx, url)
			cancel()
			assert.ErrorIs(t, page.Err, fetchbench.ErrNotFetched)
			assert.ErrorIs(t, page.Err, context.DeadlineExceeded)
			assert.NotErrorIs(t, page.Err, crawl.ErrDisallowed)
		}
		var paths []string
		for _, r := range web.Log(0) {
			paths = append(paths, r.Path)
		}
		assert.Equal(t, []string{"/robots.txt", "/robots.txt"}, paths)
	})
}

// A Crawl-delay longer than MaxCrawlDelay is cut to it, as a Retry-After is
// cut to MaxRetryAfter: a day's delay does not park the host for a day.
func TestFetchCapsCrawlDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{
			Site:  sim.Config{Pages: 2},
			Crawl: &sim.CrawlConfig{Robots: []sim.Robots{{Body: "User-agent: *\nCrawl-delay: 86400\n"}}},
		})
		defer web.Close()
		urls := []string{web.Site(0).PageURL(0), web.Site(0).PageURL(1)}
		f := crawl.NewFetcher(web.Client(0), urls, crawl.Options{})
		for _, url := range urls {
			page, _ := f.Fetch(t.Context(), url)
			require.NoError(t, page.Err)
		}
		var starts []time.Duration
		log := web.Log(0)
		for _, r := range log[1:] {
			starts = append(starts, r.Start.Sub(log[0].Start))
		}
		assert.Equal(t, []time.Duration{crawl.MaxCrawlDelay, 2 * crawl.MaxCrawlDelay}, starts, "after robots.txt")
	})
}

// A robots.txt that answers 3xx, here with no Location to follow,
// disallows its host, as a 5xx does.
func TestFetchRobotsRedirectDisallows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := sim.NewWebInMemory(sim.WebConfig{
			Hosts: 2, Site: sim.Config{Pages: 1},
			Crawl: &sim.CrawlConfig{Robots: []sim.Robots{{Status: 304}, {Status: 302}}},
		})
		defer web.Close()
		for i := range 2 {
			url := web.Site(i).PageURL(0)
			page, _ := crawl.NewFetcher(web.Client(0), []string{url}, crawl.Options{}).Fetch(t.Context(), url)
			assert.ErrorIs(t, page.Err, crawl.ErrDisallowed, url)
			assert.ErrorIs(t, page.Err, crawl.ErrRobotsUnreachable, url)
			assert.Len(t, web.Log(i), 1, "robots.txt only")
		}
	})
}
