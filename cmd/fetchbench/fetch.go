package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fetchbench"
	"fetchbench/internal/netguard"
	"fetchbench/internal/redact"
	"fetchbench/internal/styles"
	"fetchbench/internal/waterfall"
)

// A runResult is one run of one style over every URL.
type runResult struct {
	style       styles.Style
	pages       []fetchbench.Page // nil if the style streamed them
	err         error             // what FetchAll returned for the run as a whole
	wall        time.Duration
	cutShort    bool                 // the run was interrupted: its numbers measure nothing
	maxInFlight int                  // demo only: the most requests the site saw at once
	timeline    *fetchbench.Timeline // with -waterfall: when each page ran
}

func (r runResult) tally() (t tally) {
	for _, p := range r.pages {
		t.add(p)
	}
	return t
}

// runStyle runs s once over urls and times it. Each run has a client of
// its own, so no style profits from the connections of the one before. It
// hands emit, if not nil, each page and its index: as it is done if s
// streams, else in input order at the end.
func runStyle(ctx context.Context, e env, c *config, s styles.Style, urls []string, label string,
	emit func(int, fetchbench.Page)) runResult {
	client := e.newClient(c.limit)
	if c.publicOnly {
		netguard.Guard(client)
	}
	defer client.CloseIdleConnections()
	opts := fetchbench.Options{Limit: c.limit, Timeout: c.timeout, MaxBodyBytes: c.maxBody}
	start := time.Now()
	r := runResult{style: s}
	if c.waterfall != "" { // Get records each page's phases into the Timeline
		r.timeline = fetchbench.NewTimeline(start)
		ctx = fetchbench.WithTimeline(ctx, r.timeline)
	}
	if s.Stream != nil && emit != nil {
		var done atomic.Int64
		count := func() int { return int(done.Load()) }
		progress := startProgress(e, barLine(label, len(urls), "done", count))
		for res := range s.Stream(ctx, client, urls, opts) {
			done.Add(1)
			progress.clear(func() { emit(res.Index, res.Page) })
		}
		progress.stop()
		r.err = ctx.Err()
	} else {
		ctx, requests := countRequests(ctx)
		progress := startProgress(e, barLine(label, len(urls), "requested", requests))
		r.pages, r.err = s.Fetch(ctx, client, urls, opts)
		progress.stop()
	}
	r.wall, r.cutShort = time.Since(start), ctx.Err() != nil
	if emit != nil {
		for i, p := range r.pages {
			emit(i, p)
		}
	}
	return r
}

// runURLs fetches the URLs and prints each page, then a summary.
func runURLs(ctx context.Context, c *config, e env) int {
	if c.format == "bench" {
		return runBench(ctx, c, e, c.urls)
	}
	s := c.styles[0] // check allows only one style here
	out := &pageWriter{w: bufio.NewWriter(e.stdout), json: c.format == "json"}
	r := runStyle(ctx, e, c, s, c.urls, s.Name, out.write)
	sum := c.summary(r, out.sum)
	werr := out.summary(sum, sum)
	if err := c.drawWaterfall(e, r, c.urls); err != nil {
		fmt.Fprintf(e.stderr, "fetchbench: %v\n", err)
		return exitFail
	}
	switch {
	case werr != nil:
		fmt.Fprintf(e.stderr, "fetchbench: writing output: %v\n", werr)
		return exitFail
	case reportInterrupt(ctx, e):
		return exitInterrupt
	case r.err != nil: // a fail-fast style stopped the run: say why the rest failed
		fmt.Fprintf(e.stderr, "fetchbench: %s stopped the run: %s\n", s.Name, redact.Text(r.err.Error()))
		return exitFail
	case out.sum.Failed > 0:
		return exitFail
	}
	return exitOK
}

// waterfallPath is where -waterfall draws style s: the file it names, or
// in the demo one file per style, demo.svg becoming demo-sequential.svg.
func (c *config) waterfallPath(s styles.Style) string {
	if !c.demo() {
		return c.waterfall
	}
	ext := filepath.Ext(c.waterfall)
	return strings.TrimSuffix(c.waterfall, ext) + "-" + s.Name + ext
}

// drawWaterfall draws run r, if it recorded a timeline, and says where.
func (c *config) drawWaterfall(e env, r runResult, urls []string) error {
	if r.timeline == nil {
		return nil
	}
	chart := waterfall.Chart{
		Title:    fmt.Sprintf("fetchbench -style %s: %d pages, %s", r.style.Name, len(urls), c.limitText(r.style)),
		Subtitle: fmt.Sprintf("timeout %v; drawn %s", c.timeout, time.Now().Format(time.DateTime)),
		Limit:    c.limit,
		URLs:     urls,
		Timings:  r.timeline.Timings(),
		Clock:    "real time",
		Comments: []string{"drawn by: fetchbench -waterfall"},
	}
	path := c.waterfallPath(r.style)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := errors.Join(chart.WriteSVG(f), f.Close()); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "fetchbench: drew %s\n", path)
	return nil
}
