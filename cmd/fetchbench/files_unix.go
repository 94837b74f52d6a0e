//go:build unix

package main

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"syscall"

	"fetchbench"
)

// checkFileLimit refuses a -limit that needs more open files than
// RLIMIT_NOFILE's soft limit, which Go raised to the hard one.
func checkFileLimit(c *config) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return nil // no limit known: nothing to check
	}
	return checkOpenFiles(c, int(min(lim.Cur, math.MaxInt32)))
}

// filesNeeded estimates the most files a run may hold open with limit (0:
// none). A request in flight holds a socket, and one more while it
// connects (a DNS query, Happy Eyeballs). NewClient keeps at most limit
// connections to a host, idle ones included, and MaxIdleConns idle in all.
// The demo's site holds the other end of each. 64 are for the rest.
func filesNeeded(c *config, limit int) int {
	if c.demo() {
		if limit <= 0 {
			limit = c.site.Pages
		}
		return 2*min(limit, c.site.Pages) + 64
	}
	inFlight, conns := min(limit, len(c.urls)), 0
	perHost, _ := hosts(c.urls)
	for _, n := range perHost {
		conns += min(limit, n)
	}
	if t, ok := fetchbench.NewClient(limit).Transport.(*http.Transport); ok {
		conns = min(conns, inFlight+t.MaxIdleConns)
	}
	return inFlight + conns + 64
}

// checkOpenFiles refuses a -limit that needs more open files than there
// are, rather than fail pages halfway, and suggests one that fits, if any.
func checkOpenFiles(c *config, available int) error {
	need := filesNeeded(c, c.limit)
	if need <= available {
		return nil
	}
	// The largest limit that fits: filesNeeded grows with the limit.
	best := sort.Search(max(c.limit, c.site.Pages, len(c.urls)), func(n int) bool {
		return filesNeeded(c, n+1) > available
	})
	what := fmt.Sprintf("-limit %d", c.limit)
	if c.limit <= 0 {
		what = "no -limit"
	}
	n := fmt.Sprintf("%d URLs", len(c.urls))
	if c.demo() {
		n = fmt.Sprintf("the demo's %d pages", c.site.Pages)
	}
	hint := "raise the limit, or fetch fewer hosts in one run"
	if best > 0 {
		hint = fmt.Sprintf("use -limit %d or less, or raise the limit", best)
	}
	return fmt.Errorf("%s with %s may need %d open files at once, but this process may open %d (ulimit -n): %s",
		what, n, need, available, hint)
}
