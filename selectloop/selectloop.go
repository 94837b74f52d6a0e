// Package selectloop fetches pages from one for-select loop that owns all the
// state of the run, after Sameer Ajmani's talk "Advanced Go Concurrency
// Patterns" (Google I/O 2013). The fetch goroutines own nothing: each sends
// one result to a channel that has room for it, and exits.
package selectloop

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"fetchbench"
)

var _ fetchbench.FetchFunc = FetchAll

// A result is what a fetch goroutine sends back: page i.
type result struct {
	i    int
	page fetchbench.Page
}

// A deadline is the time by which started page i must be done.
type deadline struct {
	i  int
	at time.Time
}

// FetchAll fetches urls with fetchbench.Get, up to opts.Limit at a time,
// from one loop that owns all the state.
//
//   - Order: pages[i] is the result for urls[i].
//   - Errors: collect-all. A page's failure stays in its Page.Err and the
//     other pages go on.
//   - Timeout: the loop keeps the clock. A page not done opts.Timeout after
//     it started is recorded at once with an error wrapping
//     context.DeadlineExceeded, its fetch is cancelled, and the loop moves on.
//   - Cancellation: once ctx is done, unstarted pages carry
//     fetchbench.ErrNotFetched, fetches in flight are cancelled, and FetchAll
//     returns ctx.Err(). A page in flight carries ctx's error
//     (context.Canceled or context.DeadlineExceeded, whichever ended ctx),
//     unless it finished first; a page whose own deadline passes before its
//     fetch reports back is recorded with its timeout error, as above.
//   - Waiting: FetchAll returns only after every goroutine it started has
//     exited, including fetches it abandoned at their deadline. That is
//     prompt, because their ctx is cancelled. Until then an abandoned fetch
//     keeps its slot, so no more than Limit calls to Get run at once.
//   - Options: Limit (<= 0 means every URL at once), Timeout, MaxBodyBytes
//     and MaxScripts. The loop enforces Timeout, so Get is called with none;
//     cutting a page cancels its Get.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = len(urls)
	}
	// One clock, the loop's: it stops a late Get by cancelling its ctx.
	getOpts := opts
	getOpts.Timeout = 0

	// The state. Only this goroutine touches it, so it needs no lock.
	pages := make([]fetchbench.Page, len(urls))
	// cancels[i] is set while page i is pending: started, not yet recorded.
	cancels := make([]context.CancelFunc, len(urls))
	// In start order, so the earliest deadline is first.
	var deadlines []deadline
	// The next URL to start, and the fetch goroutines not back yet.
	next, running := 0, 0
	// Room for every page, so a fetch goroutine can always send and exit.
	results := make(chan result, len(urls))

	// One timer, reset each turn to the earliest pending deadline. A fresh
	// time.After in the select would restart the wait at every result.
	// NewTimer(0) expires unread; since Go 1.23, Reset discards that.
	timer := time.NewTimer(0)
	defer timer.Stop()
	done := ctx.Done()

	start := func(i int) {
		fetchCtx, cancel := context.WithCancel(ctx)
		cancels[i] = cancel
		if opts.Timeout > 0 {
			deadlines = append(deadlines, deadline{i: i, at: time.Now().Add(opts.Timeout)})
		}
		running++
		go func() {
			results <- result{i: i, page: fetchbench.Get(fetchCtx, client, urls[i], getOpts)}
		}()
	}

	// arm returns the timer's channel, set to the earliest pending deadline,
	// or nil, which switches the select's case off, when none is pending.
	arm := func() <-chan time.Time {
		for len(deadlines) > 0 && cancels[deadlines[0].i] == nil {
			deadlines = deadlines[1:] // recorded already
		}
		if len(deadlines) == 0 {
			return nil
		}
		timer.Reset(time.Until(deadlines[0].at))
		return timer.C
	}

	// record keeps page i. Cancelling stops a fetch cut at its deadline, and
	// releases a finished one's ctx.
	record := func(i int, page fetchbench.Page) {
		pages[i] = page
		cancels[i]()
		cancels[i] = nil
	}

	for next < len(urls) || running > 0 {
		// A slot is free when its goroutine is back, not when its page is recorded.
		for ; next < len(urls) && running < limit; next++ {
			start(next)
		}
		timeout := arm()

		select {
		case r := <-results:
			running--
			// A page cut at its deadline is recorded already.
			if cancels[r.i] != nil {
				record(r.i, r.page)
			}
		case <-timeout:
			i := deadlines[0].i
			err := fmt.Errorf("%w: page took longer than %v", context.DeadlineExceeded, opts.Timeout)
			record(i, fetchbench.Page{URL: urls[i], Elapsed: opts.Timeout, Err: err})
		case <-done:
			// Skip the unstarted pages; the loop goes on until the fetches
			// in flight, cancelled through their ctx, have reported back.
			for ; next < len(urls); next++ {
				pages[next] = fetchbench.NotFetched(ctx, urls[next])
			}
			done = nil // seen once: switch the case off
		}
	}
	return pages, ctx.Err()
}
