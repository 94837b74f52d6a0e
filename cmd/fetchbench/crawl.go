package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"fetchbench"
	"fetchbench/crawl"
	"fetchbench/crawl/levels"
	"fetchbench/crawl/mutex"
	"fetchbench/crawl/owner"
	"fetchbench/internal/netguard"
	"fetchbench/internal/redact"
	"fetchbench/internal/styles"
)

// crawlStyles are the crawl styles -style names with -crawl.
var crawlStyles = map[string]crawl.Func{"owner": owner.Crawl, "mutex": mutex.Crawl, "levels": levels.Crawl}

// A crawlConfig is a parsed "fetchbench -crawl" command line.
type crawlConfig struct {
	seeds      []string
	style      string
	opts       crawl.Options
	json       bool
	publicOnly bool
	waterfall  string
}

// crawlDefaults are polite: robots.txt honoured, a User-Agent that names
// fetchbench, 2 requests in flight and 1 request a second per host.
var crawlDefaults = crawlConfig{
	style: "owner",
	opts: crawl.Options{
		Options:     fetchbench.Options{Limit: 10, Timeout: 15 * time.Second, MaxBodyBytes: fetchbench.DefaultMaxBodyBytes},
		MaxDepth:    1,
		MaxPages:    100,
		PerHost:     2,
		PerHostRate: 1,
		Retries:     2,
		UserAgent:   crawl.DefaultUserAgent,
	},
}

// crawlMode reports whether the command line asks for a crawl.
func crawlMode(args []string) bool {
	for _, a := range args {
		if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); strings.HasPrefix(a, "-") && name == "crawl" {
			return true
		}
	}
	return false
}

// crawlFlags returns the flags of "fetchbench -crawl", bound to c, with c's
// values as their defaults.
func crawlFlags(c *crawlConfig) *flag.FlagSet {
	o := &c.opts
	fs := flag.NewFlagSet("fetchbench -crawl", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // runCrawl reports errors, and -h prints crawlUsage
	fs.BoolFunc("crawl", "crawl from the URLs, rather than fetch a list: this mode", func(string) error { return nil })
	fs.StringVar(&c.style, "style", c.style, "the `name` of the crawl style: owner, mutex or levels")
	fs.IntVar(&o.MaxDepth, "depth", o.MaxDepth, "follow links up to `n` away from the URLs given; 0 fetches those alone")
	fs.IntVar(&o.MaxPages, "max-pages", o.MaxPages, "stop starting pages after `n`; 0 means no cap")
	fs.IntVar(&o.Limit, "limit", o.Limit, "the most requests in flight on all hosts together")
	fs.IntVar(&o.PerHost, "per-host", o.PerHost, "the most requests in flight to one host; 0 means no cap beyond -limit")
	fs.Float64Var(&o.PerHostRate, "rate", o.PerHostRate, "the most request starts a second to one host; 0 means no cap")
	fs.IntVar(&o.Retries, "retries", o.Retries, "extra tries for a 429, 502, 503, 504, a reset or a timeout")
	fs.DurationVar(&o.Timeout, "timeout", o.Timeout, "the longest one page may take, each try")
	fs.Int64Var(&o.MaxBodyBytes, "max-body", o.MaxBodyBytes, "the most body `bytes` read from one page")
	fs.BoolVar(&o.IgnoreRobots, "ignore-robots", o.IgnoreRobots, "do not read robots.txt: for your own sites only")
	fs.StringVar(&o.UserAgent, "user-agent", o.UserAgent, "the User-Agent of every request, robots.txt's too")
	fs.BoolVar(&c.json, "json", c.json, `print JSON Lines: one record per page, then {"summary": ...}`)
	fs.BoolVar(&c.publicOnly, "public-only", c.publicOnly, "connect only to public addresses: every link and redirect is checked")
	fs.StringVar(&c.waterfall, "waterfall", c.waterfall, "draw when each request ran, as an SVG chart in `file`")
	return fs
}

// parseCrawlArgs parses "fetchbench -crawl [flags] URL...". Any error it
// returns is a usage error.
func parseCrawlArgs(args []string) (*crawlConfig, error) {
	c := crawlDefaults
	o := &c.opts
	fs := crawlFlags(&c)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	c.seeds = fs.Args()
	switch {
	case len(c.seeds) == 0:
		return nil, errors.New("-crawl needs at least one URL to start from")
	case crawlStyles[c.style] == nil:
		return nil, fmt.Errorf("unknown crawl style %q; want owner, mutex or levels", c.style)
	case o.MaxDepth < 0, o.MaxPages < 0, o.Retries < 0, o.PerHost < 0, o.PerHostRate < 0:
		return nil, errors.New("-depth, -max-pages, -retries, -per-host and -rate must not be negative")
	case o.Limit < 1:
		return nil, errors.New("-limit must be at least 1: real sites get a limit")
	case o.Timeout <= 0:
		return nil, errors.New("-timeout must be positive: a page with no time limit can hang the crawl")
	case o.MaxBodyBytes <= 0:
		return nil, errors.New("-max-body must be positive: a body with no size limit can fill memory")
	}
	for _, s := range c.seeds {
		if strings.HasPrefix(s, "-") {
			return nil, fmt.Errorf("flag %s after a URL: put flags first", s)
		}
	}
	return &c, nil
}

// runCrawl is the whole of "fetchbench -crawl". It returns the exit status.
func runCrawl(args []string, e env) int {
	c, err := parseCrawlArgs(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, crawlUsage())
		return exitOK
	case err != nil:
		fmt.Fprintf(e.stderr, "fetchbench: %s\nRun 'fetchbench -crawl -h' for usage.\n", redact.Text(err.Error()))
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C kills a crawl slow to wind down

	client := fetchbench.NewClient(c.opts.Limit)
	if c.publicOnly {
		netguard.Guard(client) // every dial: links and redirects too
	}
	defer client.CloseIdleConnections()
	ctx, requests := countRequests(ctx)
	// A crawl's pages are not known ahead: its line counts, with no bar.
	progress := startProgress(e, func(elapsed time.Duration) string {
		return fmt.Sprintf("crawl  %s  %v", plural(requests(), "request"), elapsed)
	})
	start := time.Now()
	wf := &config{waterfall: c.waterfall, limit: c.opts.Limit, timeout: c.opts.Timeout, urls: c.seeds}
	r := runResult{style: styles.Style{Name: c.style + " -crawl"}}
	if c.waterfall != "" {
		r.timeline = fetchbench.NewTimeline(start)
		ctx = fetchbench.WithTimeline(ctx, r.timeline)
	}
	pages, err := crawlStyles[c.style](ctx, client, c.seeds, c.opts)
	progress.stop()

	out := &pageWriter{w: bufio.NewWriter(e.stdout), json: c.json}
	sum := crawlSummary{cfg: c, requests: requests()}
	hosts := map[string]bool{}
	var urls []string
	for i, p := range pages {
		out.write(i, p)
		if errors.Is(p.Err, crawl.ErrDisallowed) && !errors.Is(p.Err, crawl.ErrRobotsUnreachable) {
			sum.disallowed++
		}
		if u, err := url.Parse(p.URL); err == nil {
			hosts[u.Host] = true
		}
		urls = append(urls, p.URL)
	}
	t := out.sum
	t.fetched -= sum.disallowed // no request: no throughput
	r.wall, r.cutShort = time.Since(start), ctx.Err() != nil
	sum.summary = wf.summary(runResult{style: styles.Style{Name: "crawl " + c.style}, wall: r.wall, cutShort: r.cutShort}, t)
	sum.hosts = len(hosts)
	werr := out.summary(sum, sum.record())
	if err := wf.drawWaterfall(e, r, urls); err != nil {
		fmt.Fprintf(e.stderr, "fetchbench: %v\n", err)
		return exitFail
	}
	if werr != nil {
		fmt.Fprintf(e.stderr, "fetchbench: writing output: %v\n", werr)
		return exitFail
	}
	switch {
	case reportInterrupt(ctx, e):
		return exitInterrupt
	case err != nil:
		fmt.Fprintf(e.stderr, "fetchbench: the crawl stopped: %s\n", redact.Text(err.Error()))
		return exitFail
	case sum.Failed > sum.disallowed: // robots.txt saying no is the site's choice, not a failure
		return exitFail
	}
	return exitOK
}
