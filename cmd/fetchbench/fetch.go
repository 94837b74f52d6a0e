package main

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"fetchbench"
	"fetchbench/channels"
	"fetchbench/internal/netguard"
	"fetchbench/internal/styles"
)

// A runResult is one run of one style over every URL.
type runResult struct {
	style       string
	pages       []fetchbench.Page
	err         error // what FetchAll returned for the run as a whole
	wall        time.Duration
	cutShort    bool                 // the run was interrupted: its numbers measure nothing
	maxInFlight int                  // demo only: the most requests the site saw at once
	timeline    *fetchbench.Timeline // with -waterfall: when each page ran
}

// tally adds up the pages of a run.
func (r runResult) tally() tally {
	var t tally
	for _, p := range r.pages {
		t.add(p)
	}
	return t
}

// runStyle runs one style once, with a client of its own, and times it. A
// fresh client per run means every run pays for its own connections, so no
// style profits from the one before it.
func runStyle(ctx context.Context, s styles.Style, urls []string, c *config) runResult {
	client := newClient(c.limit, c.publicOnly)
	defer client.CloseIdleConnections()
	start := time.Now()
	ctx, tl := c.timeline(ctx, start)
	pages, err := s.Fetch(ctx, client, urls, c.options())
	return runResult{style: s.Name, pages: pages, err: err, wall: time.Since(start), cutShort: ctx.Err() != nil, timeline: tl}
}

// runURLs fetches the URLs from the command line and prints each page,
// then a summary.
func runURLs(ctx context.Context, c *config, e env) int {
	if c.format == "bench" {
		run := func(s styles.Style, label string) runResult {
			ctx, requests := countRequests(ctx)
			bar := startProgress(e, label, len(c.urls), "requested", requests)
			defer bar.stop()
			return runStyle(ctx, s, c.urls, c)
		}
		return runBench(ctx, c, e, benchSite(c.urls), len(c.urls), run)
	}

	s := c.styles[0] // check allows only one style here
	client := newClient(c.limit, c.publicOnly)
	defer client.CloseIdleConnections()
	out := newPageWriter(e.stdout, c.format == "json")
	sum := summary{style: s.Name, limit: c.limit}
	var done atomic.Int64
	emit := func(p fetchbench.Page) {
		sum.add(p)
		done.Add(1)
		out.write(p)
	}

	start := time.Now()
	ctx, tl := c.timeline(ctx, start)
	var err error
	if s.Name == streamingStyle {
		bar := startProgress(e, s.Name, len(c.urls), "done", func() int { return int(done.Load()) })
		err = streamPages(ctx, client, c.urls, c.options(), func(p fetchbench.Page) { bar.clear(func() { emit(p) }) })
		bar.stop()
	} else {
		// FetchAll returns every page at once, in input order.
		ctx, requests := countRequests(ctx)
		bar := startProgress(e, s.Name, len(c.urls), "requested", requests)
		var pages []fetchbench.Page
		pages, err = s.Fetch(ctx, client, c.urls, c.options())
		bar.stop()
		for _, p := range pages {
			emit(p)
		}
	}
	sum.wall = time.Since(start)
	sum.interrupted = ctx.Err() != nil
	out.summary(sum)
	if err := c.drawWaterfall(c.waterfall, s.Name, c.urls, tl); err != nil {
		fmt.Fprintf(e.stderr, "fetchbench: %v\n", err)
		return exitFail
	}

	if werr := out.flush(); werr != nil {
		fmt.Fprintf(e.stderr, "fetchbench: writing output: %v\n", werr)
		return exitFail
	}
	switch {
	case reportInterrupt(ctx, e):
		return exitInterrupt
	case err != nil:
		// A fail-fast style (errgroup) stopped at its first failed page
		// and cancelled the rest: say so, or the many "context canceled"
		// pages would be a mystery.
		fmt.Fprintf(e.stderr, "fetchbench: %s stopped the run: %s\n", s.Name, printable(err.Error()))
		return exitFail
	case sum.failed > 0:
		return exitFail
	}
	return exitOK
}

// streamPages hands each page to emit as soon as channels.Stream sends it,
// in completion order. Stream sends one page for every URL.
func streamPages(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options, emit func(fetchbench.Page)) error {
	for r := range channels.Stream(ctx, client, urls, opts) {
		emit(r.Page)
	}
	return ctx.Err()
}

// newClient returns the run's client: fetchbench.NewClient(limit), and with
// publicOnly, guarded so that it connects only to public addresses.
func newClient(limit int, publicOnly bool) *http.Client {
	client := fetchbench.NewClient(limit)
	if publicOnly {
		netguard.Guard(client)
	}
	return client
}
