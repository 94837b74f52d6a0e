package fetchtest_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
	"fetchbench/fetchtest"
	"fetchbench/sequential"
)

// A suite that passes everything proves nothing. Each broken style below has
// one classic bug, and the suite must fail it in the case named.
var broken = map[string]struct {
	fetch    fetchbench.FetchFunc
	traits   fetchtest.Traits
	caughtBy string // the subtest of Run that must fail
}{
	"unbounded": {
		// Ignores Limit: one goroutine per URL, whatever the caller asked.
		fetch: func(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
			opts.Limit = 0
			return boundedByChannel(ctx, c, urls, opts)
		},
		caughtBy: "Limit",
	},
	"reversed": {
		// Returns pages in the wrong order.
		fetch: func(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
			pages, err := sequential.FetchAll(ctx, c, urls, opts)
			slices.Reverse(pages)
			return pages, err
		},
		traits:   fetchtest.Traits{Sequential: true},
		caughtBy: "Returns",
	},
	"drops-failures": {
		// Leaves failed pages out: a silent gap.
		fetch: func(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
			pages, err := sequential.FetchAll(ctx, c, urls, opts)
			return slices.DeleteFunc(pages, func(p fetchbench.Page) bool { return p.Err != nil }), err
		},
		traits:   fetchtest.Traits{Sequential: true},
		caughtBy: "PageErrors",
	},
	"ignores-cancel": {
		// Fetches with a context of its own, so a cancel changes nothing.
		fetch: func(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
			pages, _ := boundedByChannel(context.WithoutCancel(ctx), c, urls, opts)
			return pages, ctx.Err()
		},
		caughtBy: "Cancel",
	},
	"returns-early": {
		// Returns the moment ctx is cancelled, while its fetches still run.
		fetch: func(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
			done := make(chan []fetchbench.Page, 1)
			go func() {
				pages, _ := boundedByChannel(ctx, c, urls, opts)
				done <- pages
			}()
			select {
			case pages := <-done:
				return pages, ctx.Err()
			case <-ctx.Done():
				pages := make([]fetchbench.Page, len(urls))
				for i, url := range urls {
					pages[i] = fetchbench.NotFetched(ctx, url)
				}
				return pages, ctx.Err()
			}
		},
		caughtBy: "Cancel",
	},
	"ignores-body-cap": {
		// Drops the caller's Options.MaxBodyBytes.
		fetch: func(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
			opts.MaxBodyBytes = 0
			return boundedByChannel(ctx, c, urls, opts)
		},
		caughtBy: "BodyCapOption",
	},
	"plain-loop-as-concurrent": {
		// A plain loop declared with the default Traits{}, which promise
		// concurrency: it never reaches the limit.
		fetch:    sequential.FetchAll,
		caughtBy: "Limit",
	},
	"per-host-limit": {
		// Bounds the requests to each host, not the whole run: right on
		// one host, several times Limit on several.
		fetch:    perHostLimit,
		caughtBy: "WebLimitHTTP2",
	},
	"leaks": {
		// Leaves a goroutine blocked forever on a channel nobody reads.
		fetch: func(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
			go func() { make(chan int) <- 1 }()
			return boundedByChannel(ctx, c, urls, opts)
		},
		caughtBy: "Empty",
	},
	"blocks-at-limit-zero": {
		// Makes its semaphore with opts.Limit slots: at Limit 0 it has
		// none, and every send on it blocks for ever.
		fetch:    blocksAtLimitZero,
		caughtBy: "Returns",
	},
}

func blocksAtLimitZero(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	sem := make(chan struct{}, opts.Limit)
	var wg sync.WaitGroup
	for i, url := range urls {
		wg.Go(func() {
			sem <- struct{}{}
			pages[i] = fetchbench.Get(ctx, c, url, opts)
			<-sem
		})
	}
	wg.Wait()
	return pages, ctx.Err()
}

// boundedByChannel is a correct goroutine-per-URL style, for the broken ones
// to build on.
func boundedByChannel(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	limit := opts.Limit
	if limit <= 0 {
		limit = len(urls) + 1
	}
	sem := make(chan struct{}, limit)
	done := make(chan struct{})
	for i, url := range urls {
		go func() {
			sem <- struct{}{}
			pages[i] = fetchbench.Get(ctx, c, url, opts)
			<-sem
			done <- struct{}{}
		}()
	}
	for range urls {
		<-done
	}
	return pages, ctx.Err()
}

// perHostLimit is a goroutine-per-URL style with a semaphore per host.
func perHostLimit(ctx context.Context, c *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	pages := make([]fetchbench.Page, len(urls))
	limit := opts.Limit
	if limit <= 0 {
		limit = len(urls) + 1
	}
	sems := map[string]chan struct{}{}
	for _, u := range urls {
		if host := hostOf(u); sems[host] == nil {
			sems[host] = make(chan struct{}, limit)
		}
	}
	var wg sync.WaitGroup
	for i, u := range urls {
		sem := sems[hostOf(u)]
		wg.Go(func() {
			sem <- struct{}{}
			pages[i] = fetchbench.Get(ctx, c, u, opts)
			<-sem
		})
	}
	wg.Wait()
	return pages, ctx.Err()
}

func hostOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.Host
	}
	return ""
}

func TestRunRejectsBrokenStyles(t *testing.T) {
	if name := os.Getenv("FETCHTEST_BROKEN"); name != "" {
		// The child process: run the suite on one broken style.
		b := broken[name]
		fetchtest.Run(t, b.fetch, b.traits)
		return
	}
	for name, b := range broken {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // the children mostly wait: the plain loop waits out the suite's bound
			// The timeout turns a suite that hangs into a failure here.
			cmd := exec.Command(os.Args[0], "-test.run=^TestRunRejectsBrokenStyles$", "-test.v", "-test.timeout=1m")
			cmd.Env = append(os.Environ(), "FETCHTEST_BROKEN="+name)
			out, err := cmd.CombinedOutput()
			require.Error(t, err, "the suite passed a style that is %s:\n%s", name, out)
			assert.Contains(t, string(out), "--- FAIL: TestRunRejectsBrokenStyles/"+b.caughtBy+" ",
				"the case %s should catch it", b.caughtBy)
		})
	}
}

// A style that blocks for ever fails in seconds, with a short message that
// names the case, the Options and the style's own frames, and with every
// stack in a file.
func TestRunExplainsABlockedStyle(t *testing.T) {
	checkBlocked(t, "TestRunRejectsBrokenStyles", "FETCHTEST_BROKEN=blocks-at-limit-zero",
		"Returns: FetchAll(3 urls, Limit 0) still running: a goroutine is probably blocked.",
		"fetchbench/fetchtest_test.blocksAtLimitZero.func1")
}

// checkBlocked runs test in a child process, with env, on a style that
// blocks, and checks what a learner sees: the line first, the style's frame,
// no goroutine dump from a synctest bubble, under 30 lines in all, and a
// file of every stack that holds the frame.
func checkBlocked(t *testing.T, test, env, first, frame string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.timeout=1m")
	cmd.Env = append(os.Environ(), env)
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	t.Logf("what a learner sees (%d lines):\n%s", strings.Count(string(out), "\n"), out)
	assert.Contains(t, string(out), first)
	assert.Contains(t, string(out), frame)
	assert.NotContains(t, string(out), "panic", "no goroutine dump from a synctest bubble")
	assert.Less(t, strings.Count(string(out), "\n"), 30)
	m := regexp.MustCompile(`every goroutine's stack is in (\S+)\)`).FindStringSubmatch(string(out))
	require.NotNil(t, m, "the message names the file of stacks")
	dump, err := os.ReadFile(m[1])
	require.NoError(t, err)
	os.Remove(m[1])
	assert.Contains(t, string(dump), frame)
}

func TestRunPassesAGoodStyle(t *testing.T) {
	fetchtest.Run(t, boundedByChannel, fetchtest.Traits{})
}
