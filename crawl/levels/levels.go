// Package levels crawls breadth first, one level of links at a time, each
// level an errgroup.Group with SetLimit. Between levels only one goroutine
// runs, so the visited set needs no lock; the price is that each level
// waits for its slowest page before the next begins.
package levels

import (
	"context"
	"net/http"

	"golang.org/x/sync/errgroup"

	"fetchbench"
	"fetchbench/crawl"
)

// Crawl fetches the seeds and the pages they link to, as package crawl's
// contract says. It fetches the seeds, at most opts.Limit at a time, waits
// for all of them, then fetches every new URL they link to, and so on, one
// level of links per round. A URL is first met at its shortest depth, since
// every page of one level is done before the next starts. A round takes up
// at most what opts.MaxPages leaves, and none once ctx is done: the rest of
// the level is left out. Pages come back level by level, each level in the
// order its URLs were met.
func Crawl(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
	f := crawl.NewFetcher(c, seeds, opts)
	visited := f.NewVisited()
	var level []string
	for _, s := range f.Seeds() {
		level = append(level, visited.Add(s, 0)...)
	}
	var pages []fetchbench.Page
	for len(level) > 0 && ctx.Err() == nil {
		if room := opts.MaxPages - len(pages); opts.MaxPages > 0 && len(level) > room {
			level = level[:room]
		}
		got := make([]fetchbench.Page, len(level))
		links := make([][]string, len(level))
		taken := make([]bool, len(level)) // false: ctx ended before its turn
		var g errgroup.Group
		if opts.Limit > 0 { // SetLimit(0) would let nothing run: chapter 8's trap
			g.SetLimit(opts.Limit)
		}
		for i, url := range level {
			if ctx.Err() != nil {
				break
			}
			g.Go(func() error {
				if ctx.Err() != nil { // Go waited for a slot while ctx ended
					return nil
				}
				got[i], links[i] = f.Fetch(ctx, url)
				taken[i] = true
				return nil // a page's failure is in its Page: the crawl goes on
			})
		}
		g.Wait()
		var next []string
		for i, url := range level {
			if taken[i] {
				pages = append(pages, got[i])
				next = append(next, visited.Done(url, links[i])...)
			}
		}
		level = next
	}
	return pages, ctx.Err()
}
