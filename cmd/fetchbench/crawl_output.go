package main

import (
	"fmt"
	"strings"
)

// A crawlSummary is a summary with what a crawl adds: the pages robots.txt
// kept it from, the hosts, the requests, and the polite limits it kept.
type crawlSummary struct {
	summary
	cfg        *crawlConfig
	disallowed int // pages robots.txt disallowed: no request was sent
	hosts      int // hosts of the pages taken up
	requests   int // requests sent, robots.txt and retries and redirects included
}

// String is the text summary:
//
//	12 pages, 3 failed (2 disallowed), 30 scripts in 9.2s: 1.0 pages/s (crawl owner, limit 10)
//	14 requests to 1 host, robots.txt's too; depth 1, 100 pages at most, 2 per host at 1/s, 2 retries
func (s crawlSummary) String() string {
	first := s.summary.String()
	if s.disallowed > 0 {
		first = strings.Replace(first, " failed,", fmt.Sprintf(" failed (%d disallowed),", s.disallowed), 1)
	}
	o := s.cfg.opts
	polite := fmt.Sprintf("depth %d, %s, %s, %d retries", o.MaxDepth, orNoCap(o.MaxPages, "%d pages at most"), perHostText(o.PerHost, o.PerHostRate), o.Retries)
	if o.IgnoreRobots {
		polite += ", robots.txt ignored"
	}
	return fmt.Sprintf("%s\n%s to %s, robots.txt's too; %s", first, plural(s.requests, "request"), plural(s.hosts, "host"), polite)
}

// perHostText says the per-host caps in words: "2 per host at 1/s".
func perHostText(n int, rate float64) string {
	in := orNoCap(n, "%d per host")
	if n == 0 {
		in = "no cap per host"
	}
	if rate > 0 {
		return fmt.Sprintf("%s at %g/s", in, rate)
	}
	return in + ", no rate cap"
}

func orNoCap(n int, format string) string {
	if n == 0 {
		return "no page cap"
	}
	return fmt.Sprintf(format, n)
}

// record is the summary's JSON record.
func (s crawlSummary) record() any {
	o := s.cfg.opts
	type jsonCrawl struct {
		summary
		Disallowed  int     `json:"disallowed"`
		Hosts       int     `json:"hosts"`
		Requests    int     `json:"requests"`
		Depth       int     `json:"depth"`
		MaxPages    int     `json:"max_pages"`
		PerHost     int     `json:"per_host"`
		PerHostRate float64 `json:"per_host_rate"`
	}
	return jsonCrawl{s.summary, s.disallowed, s.hosts, s.requests, o.MaxDepth, o.MaxPages, o.PerHost, o.PerHostRate}
}

// crawlUsage is what "fetchbench -crawl -h" prints: crawlUsageText, with
// the flags.
func crawlUsage() string {
	c := crawlDefaults
	var defaults strings.Builder
	fs := crawlFlags(&c)
	fs.SetOutput(&defaults)
	fs.PrintDefaults()
	return strings.NewReplacer("{flags}", defaults.String(), "{exit-interrupt}", fmt.Sprint(exitInterrupt)).Replace(crawlUsageText)
}

const crawlUsageText = `Usage:
  fetchbench -crawl [flags] URL...

fetchbench -crawl fetches the URLs, then the pages they link to (<a href>),
on the same hosts only, each URL once, up to -depth links away. It prints
each page as it does for a list (text, or JSON Lines with -json), in the
order the -style reports them, then a summary.

It is polite unless told otherwise: it reads each host's robots.txt first
and never requests what it disallows, sends a User-Agent that names
fetchbench, and keeps to -per-host requests in flight and -rate request
starts a second on each host. A 429 or 503 is retried after its
Retry-After, at most -retries times.

Flags:
{flags}
The exit status is 0 if every page succeeded or robots.txt disallowed it, 1
if any failed, 2 for a usage error, and {exit-interrupt} if Ctrl-C interrupted the crawl.
`
