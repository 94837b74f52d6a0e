//go:build ignore

// This file is left out of every build, because go vet rejects the first
// of the bugs it shows: which is the point of showing it.

package naive

import (
	"context"
	"net/http"
	"sync"

	"fetchbench"
)

// Goroutines is the first draft of one goroutine per URL. It has three bugs.
//
//   - wg.Add runs inside the goroutine. The loop can finish and wg.Wait run
//     before any goroutine has called Add; Wait then returns at once, and
//     the caller reads pages while the fetches are still writing them.
//   - Before Go 1.22, the closure captured the loop variables: one i and one
//     url shared by every goroutine, so most of them fetched a later URL and
//     wrote a later page. Since Go 1.22 each iteration has its own.
//   - Nothing bounds the fan-out: ten thousand URLs are ten thousand
//     requests, sockets and file descriptors at once.
func Goroutines(ctx context.Context, client *http.Client, urls []string) []fetchbench.Page {
	pages := make([]fetchbench.Page, len(urls))
	var wg sync.WaitGroup
	for i, url := range urls {
		go func() {
			wg.Add(1) // too late: Wait may already have returned
			defer wg.Done()
			pages[i] = fetchbench.Get(ctx, client, url, fetchbench.Options{})
		}()
	}
	wg.Wait()
	return pages
}
