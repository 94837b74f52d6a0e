package main

import (
	"fmt"
	"net/http"

	"fetchbench"
)

// filesReserve is the open files a run needs besides its sockets: standard
// streams, the runtime's poller, the -f file, and room to spare.
const filesReserve = 64

// filesNeeded estimates the most files a run may hold open at once, with
// the given limit (0: none). Each request in flight holds a socket, and a
// second one while it connects: the resolver's query, or the other
// address family of a Happy Eyeballs dial. The client also keeps idle
// connections for reuse, up to its MaxIdleConns across hosts. The demo
// has one host, and its site runs in this process: it holds the other end
// of each connection.
func filesNeeded(c *config, limit int) int {
	if c.demo() {
		conns := c.site.Pages
		if limit > 0 {
			conns = min(limit, conns) // MaxConnsPerHost: idle ones included
		}
		return 2*conns + filesReserve
	}
	inFlight := min(limit, len(c.urls))
	idle := 0
	if t, ok := fetchbench.NewClient(limit).Transport.(*http.Transport); ok {
		idle = min(t.MaxIdleConns, len(c.urls))
	}
	return 2*inFlight + idle + filesReserve
}

// checkOpenFiles refuses a -limit that the process's open-file limit cannot
// honour, rather than fail pages with "too many open files" halfway
// through a run. Go already raises the soft limit to the hard one at
// startup, so available is all the process can have. It suggests the
// largest limit that fits.
func checkOpenFiles(c *config, available int) error {
	need := filesNeeded(c, c.limit)
	if need <= available {
		return nil
	}
	what := fmt.Sprintf("-limit %d", c.limit)
	if c.limit <= 0 {
		what = "no -limit"
	}
	n := fmt.Sprintf("%d URLs", len(c.urls))
	if c.demo() {
		n = fmt.Sprintf("the demo's %d pages", c.site.Pages)
	}
	best := 0 // the largest limit that fits: filesNeeded grows with it
	for lo, hi := 1, max(c.limit, c.site.Pages, len(c.urls)); lo <= hi; {
		mid := (lo + hi) / 2
		if filesNeeded(c, mid) <= available {
			best, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	return fmt.Errorf("%s with %s may need %d open files at once, but this process may open %d "+
		"(ulimit -n): use -limit %d or less, or raise the limit", what, n, need, available, best)
}
