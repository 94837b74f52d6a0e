package fetchtest_test

import (
	"cmp"
	"context"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
	"fetchbench/crawl"
	"fetchbench/crawl/owner"
	"fetchbench/fetchtest"
)

// Each broken crawl style below has one classic bug, and RunCrawl must fail
// it in the case named.
var brokenCrawls = map[string]struct {
	crawl    crawl.Func
	caughtBy string   // the subtest of RunCrawl that must fail
	says     []string // and what it must say
}{
	"fetches-twice": {
		// Marks a level's links as seen only after the whole level: two
		// pages of one level that link to the same URL both queue it.
		crawl:    byLevels,
		caughtBy: "Pages",
	},
	"stops-early": {
		// Returns when its queue is empty, while fetches are in flight.
		crawl:    ownerLoop("stops-early"),
		caughtBy: "Pages",
	},
	"first-met-depth": {
		// Keeps the depth a URL was first met at: a page met first by a
		// long path hides the pages a shorter one brings within reach.
		crawl:    ownerLoop("first-depth"),
		caughtBy: "ShorterPathLater",
	},
	"raw-seeds": {
		// Starts from the seeds as given, not from f.Seeds(): a seed
		// spelled two ways is fetched twice.
		crawl:    ownerLoop("raw-seeds"),
		caughtBy: "Pages",
		says: []string{
			"Crawl(3 seeds, Limit 8, MaxDepth 3) = a page for HTTP://H0.fetchtest.test:80/page/0#top (Err ",
			"; want none: that is the seed as given, not normalised: start from f.Seeds()",
		},
	},
	"marks-too-deep": {
		// Marks a URL seen even when it is met beyond MaxDepth, and not
		// queued: met again within reach, it is skipped.
		crawl:    ownerLoop("marks-too-deep"),
		caughtBy: "MetDeepFirst",
	},
	"ignores-robots": {
		crawl: func(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
			opts.IgnoreRobots = true
			return owner.Crawl(ctx, c, seeds, opts)
		},
		caughtBy: "Robots",
	},
	"ignores-the-rate": {
		crawl: func(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
			opts.PerHostRate = 0
			return owner.Crawl(ctx, c, seeds, opts)
		},
		caughtBy: "Rate",
	},
	"ignores-per-host": {
		crawl: func(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
			opts.PerHost = 0
			return owner.Crawl(ctx, c, seeds, opts)
		},
		caughtBy: "PerHost",
	},
	"ignores-cancel": {
		crawl: func(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
			pages, _ := owner.Crawl(context.WithoutCancel(ctx), c, seeds, opts)
			return pages, ctx.Err()
		},
		caughtBy: "Cancel",
	},
	"forgets-done": {
		// Adds 1 to its WaitGroup for each page, and never calls Done:
		// the WaitGroup never reaches zero, and Wait blocks for ever.
		crawl:    forgetsDone,
		caughtBy: "Returns",
	},
	"reports-waiting": {
		// Gives a page still waiting for a slot when ctx ends a page of
		// its own, fetchbench.NotFetched, instead of leaving it out.
		crawl:    reportsWaiting,
		caughtBy: "Cancel",
	},
	"no-retries": {
		crawl: func(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
			opts.Retries = 0
			return owner.Crawl(ctx, c, seeds, opts)
		},
		caughtBy: "Retries",
	},
}

// forgetsDone is the Go Tour's crawler with a WaitGroup that counts the
// pages started and never the pages done.
func forgetsDone(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
	return tourCrawl(ctx, c, seeds, opts, "forgets-done")
}

// reportsWaiting is the Go Tour's crawler that reports a page which never
// got one of Limit's slots before ctx ended, instead of leaving it out.
func reportsWaiting(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
	return tourCrawl(ctx, c, seeds, opts, "reports-waiting")
}

// tourCrawl is the Go Tour's crawler, with the bug named.
func tourCrawl(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options, bug string) ([]fetchbench.Page, error) {
	f := crawl.NewFetcher(c, seeds, opts)
	slots := make(chan struct{}, cmp.Or(opts.Limit, 1000)) // 0: as good as no limit
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex // guards visited and pages
		visited = f.NewVisited()
		pages   []fetchbench.Page
	)
	var visit func(url string) // the caller holds mu
	visit = func(url string) {
		if ctx.Err() != nil {
			return
		}
		wg.Add(1)
		go func() {
			if bug != "forgets-done" {
				defer wg.Done()
			}
			page, links := fetchbench.NotFetched(ctx, url), []string(nil)
			select {
			case slots <- struct{}{}:
				page, links = f.Fetch(ctx, url)
				<-slots
			case <-ctx.Done(): // the bug of reports-waiting: page is kept
			}
			mu.Lock()
			defer mu.Unlock()
			pages = append(pages, page)
			for _, next := range visited.Done(url, links) {
				visit(next)
			}
		}()
	}
	mu.Lock()
	for _, s := range f.Seeds() {
		for _, url := range visited.Add(s, 0) {
			visit(url)
		}
	}
	mu.Unlock()
	wg.Wait()
	return pages, ctx.Err()
}

// byLevels crawls breadth first, a whole level at a time, which gives every
// URL its shortest depth; but it dedupes a level's links against the pages
// before that level only.
func byLevels(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
	f := crawl.NewFetcher(c, seeds, opts)
	seen := map[string]bool{}
	level := f.Seeds()
	for _, s := range level {
		seen[s] = true
	}
	var pages []fetchbench.Page
	for depth := 0; depth <= opts.MaxDepth && len(level) > 0; depth++ {
		found := make([][]string, len(level))
		got := make([]fetchbench.Page, len(level))
		var wg sync.WaitGroup
		for i, u := range level {
			wg.Go(func() { got[i], found[i] = f.Fetch(ctx, u) })
		}
		wg.Wait()
		pages = append(pages, got...)
		var next []string
		for _, links := range found {
			for _, l := range links {
				if !seen[l] {
					next = append(next, l) // the bug: l is not marked seen here
				}
			}
		}
		for _, l := range next {
			seen[l] = true
		}
		level = next
	}
	return pages, ctx.Err()
}

// ownerLoop is owner.Crawl with one bug: it stops when its queue is empty
// ("stops-early"), keeps each URL's first depth ("first-depth"), or that and
// marks URLs met beyond MaxDepth as seen ("marks-too-deep"), or starts from
// the seeds as given ("raw-seeds").
func ownerLoop(bug string) crawl.Func {
	stopsEarly, firstDepth := bug == "stops-early", bug != "stops-early" && bug != "raw-seeds"
	return func(ctx context.Context, c *http.Client, seeds []string, opts crawl.Options) ([]fetchbench.Page, error) {
		f := crawl.NewFetcher(c, seeds, opts)
		visited := f.NewVisited()
		depth := map[string]int{}
		meet := func(u string, d int) []string {
			if !firstDepth {
				return visited.Add(u, d)
			}
			if _, ok := depth[u]; ok {
				return nil
			}
			if bug == "marks-too-deep" {
				depth[u] = d
			}
			if d > opts.MaxDepth {
				return nil
			}
			depth[u] = d
			return []string{u}
		}
		starts := f.Seeds()
		if bug == "raw-seeds" {
			starts = seeds
		}
		var queue []string
		for _, s := range starts {
			queue = append(queue, meet(s, 0)...)
		}
		type result struct {
			url   string
			page  fetchbench.Page
			links []string
		}
		results := make(chan result, 1000) // a crawl that stops early leaves no sender blocked
		var pages []fetchbench.Page
		inFlight := 0
		for {
			for len(queue) > 0 && (opts.Limit <= 0 || inFlight < opts.Limit) && ctx.Err() == nil {
				u := queue[0]
				queue = queue[1:]
				inFlight++
				go func() {
					page, links := f.Fetch(ctx, u)
					results <- result{u, page, links}
				}()
			}
			if inFlight == 0 || stopsEarly && len(queue) == 0 {
				break
			}
			r := <-results
			inFlight--
			pages = append(pages, r.page)
			if !firstDepth {
				queue = append(queue, visited.Done(r.url, r.links)...)
				continue
			}
			for _, l := range r.links {
				queue = append(queue, meet(l, depth[r.url]+1)...)
			}
		}
		return pages, ctx.Err()
	}
}

func TestRunCrawlRejectsBrokenStyles(t *testing.T) {
	if name := os.Getenv("FETCHTEST_BROKEN_CRAWL"); name != "" {
		// The child process: run the suite on one broken style.
		fetchtest.RunCrawl(t, brokenCrawls[name].crawl)
		return
	}
	for name, b := range brokenCrawls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestRunCrawlRejectsBrokenStyles$", "-test.v", "-test.timeout=1m")
			cmd.Env = append(os.Environ(), "FETCHTEST_BROKEN_CRAWL="+name)
			out, err := cmd.CombinedOutput()
			require.Error(t, err, "the suite passed a crawl that %s:\n%s", name, out)
			assert.Contains(t, string(out), "--- FAIL: TestRunCrawlRejectsBrokenStyles/"+b.caughtBy+" ",
				"the case %s should catch it", b.caughtBy)
			for _, says := range b.says {
				assert.Contains(t, string(out), says)
			}
		})
	}
}

// A crawl that blocks for ever fails in seconds, in the first case, outside
// any synctest bubble: a short message that names the call and the style's
// own frames, every stack in a file, and no goroutine dump.
func TestRunCrawlExplainsABlockedCrawl(t *testing.T) {
	checkBlocked(t, "TestRunCrawlRejectsBrokenStyles", "FETCHTEST_BROKEN_CRAWL=forgets-done",
		"Returns: Crawl(2 seeds, Limit 0, MaxDepth 2) still running: a goroutine is probably blocked.",
		"fetchbench/fetchtest_test.tourCrawl")
}
