package naive

import (
	"context"
	"net/http"
	"sync"

	"fetchbench"
)

// A result is page i, as a worker sends it back.
type result struct {
	i    int
	page fetchbench.Page
}

// Channels is the first draft of the worker pool: it stops at the first
// failed page. It has two bugs.
//
//   - Nothing closes jobs. The workers' range loops never end, so wg.Wait
//     never returns, results is never closed, and a run with no failure
//     never returns either. Once net/http is in the program, the runtime
//     does not report this as a deadlock: it simply hangs.
//   - The sends do not watch ctx, and the reader may leave early. After the
//     first error the reader returns, and every worker that finishes a page
//     after that blocks forever on its send: a goroutine leak, and the
//     producer leaks with them.
func Channels(ctx context.Context, client *http.Client, urls []string, workers int) ([]fetchbench.Page, error) {
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs { // ends only when jobs is closed: never
				results <- result{i, fetchbench.Get(ctx, client, urls[i], fetchbench.Options{})}
			}
		})
	}
	go func() {
		for i := range urls {
			jobs <- i
		}
		// missing: close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	pages := make([]fetchbench.Page, len(urls))
	for r := range results {
		if r.page.Err != nil {
			return nil, r.page.Err // the workers still sending are stuck
		}
		pages[r.i] = r.page
	}
	return pages, nil
}
