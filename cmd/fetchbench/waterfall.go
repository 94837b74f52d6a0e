package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fetchbench"
	"fetchbench/internal/waterfall"
)

// timeline returns ctx with a Timeline for the run to record into, when
// -waterfall is set; otherwise ctx and nil, and Get records nothing.
func (c *config) timeline(ctx context.Context, start time.Time) (context.Context, *fetchbench.Timeline) {
	if c.waterfall == "" {
		return ctx, nil
	}
	tl := fetchbench.NewTimeline(start)
	return fetchbench.WithTimeline(ctx, tl), tl
}

// drawWaterfall writes the run that tl recorded to path, if there is one.
func (c *config) drawWaterfall(path, style string, urls []string, tl *fetchbench.Timeline) error {
	if path == "" || tl == nil {
		return nil
	}
	chart := waterfall.Chart{
		Title:    fmt.Sprintf("fetchbench -style %s: %d pages, %s", style, len(urls), c.limitText()),
		Subtitle: fmt.Sprintf("timeout %v; drawn %s", c.timeout, time.Now().Format(time.DateTime)),
		Limit:    c.limit,
		URLs:     urls,
		Timings:  tl.Timings(),
		Clock:    "real time",
		Comments: []string{"drawn by: fetchbench -waterfall"},
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := chart.WriteSVG(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// demoWaterfallPath names a style's file in the demo: demo.svg becomes
// demo-sequential.svg, and so on.
func demoWaterfallPath(path, style string) string {
	if path == "" {
		return ""
	}
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "-" + style + ext
}
