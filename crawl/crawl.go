// Package crawl is the crawl that every crawl style shares: fetch a set of
// pages that grows as pages are read, politely, and know when it is done.
//
// A style is a package under crawl/ whose Crawl is a [Func]. Styles differ
// only in how they guard what the crawl has seen and orchestrate the work.
// The step they all call for one page is a [Fetcher]: it keeps every
// per-host rule (robots.txt, the caps on requests in flight and on their
// rate) and retries what failed for a while. [Visited] is the set of URLs
// met, with their depth; it is not safe for concurrent use, so a style
// guards it, with a mutex or by giving it to one goroutine alone.
//
// # The contract
//
// Every style keeps it, and fetchtest.RunCrawl checks it (what only the
// Fetcher decides, package crawl's own tests check):
//
//   - Links are the href of <a> elements, resolved against the page's base
//     (its final URL, or its <base href>). Only http and https links count.
//   - URLs are compared after [Normalize]. Each is fetched at most once.
//   - Links are followed only to the hosts (scheme, host and port) of the
//     seeds.
//   - The pages fetched are exactly those within MaxDepth links of a seed by
//     the shortest path, through pages that succeeded. A URL first met deep,
//     and later met within reach, is still fetched.
//   - The result holds once each URL the crawl took up: a page fetched,
//     failed (with its typed error), disallowed by robots.txt (with
//     [ErrDisallowed], and no request), or cut short by ctx. A style takes
//     up a URL when it calls [Fetcher.Fetch] for it, in one of Limit's
//     slots. A URL still queued, or waiting for a slot, when the crawl ends
//     is left out: so at most Limit pages carry fetchbench.ErrNotFetched.
//     The order of the pages is the style's; callers must not rely on it.
//   - Per host: at most PerHost requests in flight, request starts at least
//     1/PerHostRate apart (and at least robots.txt's Crawl-delay, cut to
//     [MaxCrawlDelay]), and robots.txt fetched once, before any other
//     request. A redirect hop keeps its host's robots.txt and rate as any
//     request does, but holds no slot of its own: it is its page's request.
//     In all, at most Limit requests in flight.
//   - Transient failures are retried up to Retries times: see [Fetcher].
//   - The crawl returns when nothing is queued and nothing is in flight,
//     when MaxPages pages were taken up and have finished, or when ctx is
//     done: then promptly, with ctx's error. No goroutine is left behind.
package crawl

import (
	"context"
	"errors"
	"net/http"
	"time"

	"fetchbench"
)

// Options tune a crawl. The zero value fetches the seeds only, politely,
// with no caps beyond robots.txt.
type Options struct {
	fetchbench.Options         // Limit: most requests in flight in all; Timeout: per page; and the rest
	MaxDepth           int     // links followed from a seed; 0 fetches the seeds only
	MaxPages           int     // stop after this many pages; 0 means no cap
	PerHost            int     // most requests in flight to one host; 0 means no cap beyond Limit
	PerHostRate        float64 // most request starts per second to one host; 0 means no cap
	Retries            int     // extra tries for a transient failure
	IgnoreRobots       bool    // robots.txt is honoured unless this is set
	UserAgent          string  // sent on every request, robots.txt included; "" means DefaultUserAgent
}

// A Func crawls from seeds: see the package doc for its contract. Each
// style's Crawl is one.
type Func func(ctx context.Context, c *http.Client, seeds []string, opts Options) ([]fetchbench.Page, error)

// DefaultUserAgent names fetchbench, so that a site can tell who calls and
// give it a group of its own in robots.txt ("User-agent: fetchbench").
const DefaultUserAgent = "fetchbench-crawl/1.0"

// Errors of pages that the crawl did not request. A page that robots.txt
// forbids carries ErrDisallowed. A page whose host has no robots.txt the
// crawl could read carries ErrRobotsUnreachable too, with the reason: a
// 5xx, or no connection (RFC 9309 then disallows the whole host), and also
// a 1xx or 3xx answer, or more redirects than the client follows: a strict
// reading of RFC 9309 section 2.3.1.2, which lets a crawler take too many
// redirects as no robots.txt at all.
var (
	ErrDisallowed        = errors.New("disallowed by robots.txt")
	ErrRobotsUnreachable = errors.New("robots.txt unreachable")
)

// MaxCrawlDelay caps robots.txt's Crawl-delay, as MaxRetryAfter caps
// Retry-After: "Crawl-delay: 86400" would park a host for a day.
const MaxCrawlDelay = time.Minute

// Retry timing. A Retry-After longer than MaxRetryAfter is cut to it, so a
// crawl is never parked for an hour; without one, try n+1 waits a random
// time between half and all of BackoffBase·2ⁿ⁻¹, at most MaxBackoff.
const (
	MaxRetryAfter = time.Minute
	BackoffBase   = 500 * time.Millisecond
	MaxBackoff    = 30 * time.Second
)

// userAgent returns the User-Agent to send.
func (o Options) userAgent() string {
	if o.UserAgent != "" {
		return o.UserAgent
	}
	return DefaultUserAgent
}
