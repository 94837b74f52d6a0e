package naive

import (
	"context"
	"net/http"
	"time"

	"fetchbench"
)

// SelectLoop is the first draft of "fetch every page, but give up on the
// ones not done after timeout". It has the three bugs of the naive loop in
// Sameer Ajmani's talk "Advanced Go Concurrency Patterns".
//
//   - The fetch goroutines write into pages, which the caller reads after
//     the return while late fetches are still writing: a data race.
//   - time.Sleep makes the loop deaf: while it sleeps it cannot take a
//     result, notice ctx being cancelled, or stop early when every page is
//     already done. A run of fast pages still takes the whole timeout.
//   - A fetch that finishes after the loop has returned blocks forever on
//     its send to results, which no one reads any more: a goroutine leak.
func SelectLoop(ctx context.Context, client *http.Client, urls []string, timeout time.Duration) []fetchbench.Page {
	pages := make([]fetchbench.Page, len(urls))
	results := make(chan int) // unbuffered: a send waits for a reader
	for i, url := range urls {
		go func() {
			pages[i] = fetchbench.Get(ctx, client, url, fetchbench.Options{})
			results <- i
		}()
	}
	time.Sleep(timeout)
	for range urls {
		select {
		case <-results:
		default:
			return pages // the rest are late: give up on them
		}
	}
	return pages
}

// Collect is a first draft of "take pages until results is closed, but
// stop after d in all".
//
// Bug: time.After inside the loop makes a new timer on every iteration, so
// every page that arrives starts the countdown again. Pages that arrive
// more often than every d keep it from ever firing.
func Collect(results <-chan fetchbench.Page, d time.Duration) []fetchbench.Page {
	var pages []fetchbench.Page
	for {
		select {
		case p, ok := <-results:
			if !ok {
				return pages
			}
			pages = append(pages, p)
		case <-time.After(d): // a new d-long timer each time round
			return pages
		}
	}
}

// CollectFixed is Collect with the timer made once, before the loop: the
// deadline is a point in time that arrivals do not move.
func CollectFixed(results <-chan fetchbench.Page, d time.Duration) []fetchbench.Page {
	timeout := time.After(d)
	var pages []fetchbench.Page
	for {
		select {
		case p, ok := <-results:
			if !ok {
				return pages
			}
			pages = append(pages, p)
		case <-timeout:
			return pages
		}
	}
}
