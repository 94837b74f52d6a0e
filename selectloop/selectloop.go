// Package selectloop fetches pages from one for-select loop that owns all the
// state of the run. It follows Sameer Ajmani's talk "Advanced Go Concurrency
// Patterns" (Google I/O 2013).
//
// A first attempt at "fetch everything, but give each page at most Timeout"
// usually has the three bugs that the talk finds in its naive loop:
//
//   - fetch goroutines write their pages into shared state: a data race;
//   - the loop waits for the timeout with time.Sleep, so meanwhile it cannot
//     react to a result or to a cancellation;
//   - a fetch that outlives the timeout sends its page to a channel that no
//     one reads any more, and blocks forever: a goroutine leak.
//
// The fix is a single goroutine that owns every variable (the pages, the next
// URL, the fetches running, the pending deadlines) and waits in one select for
// whatever happens next: a result, the earliest deadline, or cancellation.
// The fetch goroutines own nothing: each sends one result to a channel that
// has room for it, and exits. A case that must not fire now is switched off by
// setting its channel to nil, since a nil channel is never ready.
//
// Pick this style when the orchestration has to react to more than "a page is
// done": here the loop enforces Options.Timeout itself and moves on the moment
// a page is late. The same loop takes a progress ticker or a rate change as
// one more case. For a plain fan-out, package errgroup needs fewer lines.
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
//   - Options: Limit (<= 0 means every URL at once), Timeout and
//     MaxBodyBytes. The loop enforces Timeout, so Get is called with none;
//     cutting a page cancels its Get.
func FetchAll(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) ([]fetchbench.Page, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = len(urls)
	}
	// One clock, not two: if Get timed out too, a late page would be
	// reported by whichever timer happened to fire first. The loop's cut
	// still stops Get, by cancelling its ctx.
	getOpts := opts
	getOpts.Timeout = 0

	// The state. Only this goroutine touches it, so it needs no lock.
	pages := make([]fetchbench.Page, len(urls))
	cancels := make(map[int]context.CancelFunc) // pages started and not yet recorded
	var deadlines []deadline                    // in start order, so the earliest is first
	next, running := 0, 0                       // the next URL to start; goroutines not back yet

	// Room for one result per URL: a fetch goroutine never blocks on its
	// send, even after the loop has stopped waiting for its page. A channel
	// per fetch would be as safe, but one select cannot wait on a varying
	// number of channels.
	results := make(chan result, len(urls))

	// One timer serves every deadline. The loop re-arms it to the earliest
	// pending deadline, a fixed point in time, so a stream of results does
	// not postpone it as a time.After(opts.Timeout) in the select would.
	// It starts expired and unread; Reset arms it before the select uses it.
	// That is safe since Go 1.23 (this module's go.mod says 1.26): Reset
	// discards an expiry nobody received. Before, the stale expiry would
	// wait in timer.C and cut the next page early.
	timer := time.NewTimer(0)
	defer timer.Stop()
	done := ctx.Done()

	record := func(i int, page fetchbench.Page) {
		pages[i] = page
		cancels[i]() // stops an abandoned fetch; releases a finished one's ctx
		delete(cancels, i)
	}

	for next < len(urls) || running > 0 {
		// A slot is freed when its goroutine is back, not when its page is
		// recorded: an abandoned fetch counts against limit until it exits.
		for ; next < len(urls) && running < limit; next++ {
			fetchCtx, cancel := context.WithCancel(ctx)
			cancels[next] = cancel
			if opts.Timeout > 0 {
				deadlines = append(deadlines, deadline{i: next, at: time.Now().Add(opts.Timeout)})
			}
			running++
			// next is declared before the loop, so every iteration shares
			// it (Go 1.22 gives a variable per iteration only to those a for
			// clause declares): pass its current value as an argument.
			// fetchCtx and cancel are new in each iteration.
			go func(i int) {
				results <- result{i: i, page: fetchbench.Get(fetchCtx, client, urls[i], getOpts)}
			}(next)
		}

		// Forget the deadlines of pages already recorded, then arm the
		// timer for the earliest one left, if any.
		for len(deadlines) > 0 && cancels[deadlines[0].i] == nil {
			deadlines = deadlines[1:]
		}
		var timeout <-chan time.Time // nil: nothing pending, so the case is off
		if len(deadlines) > 0 {
			timer.Reset(time.Until(deadlines[0].at))
			timeout = timer.C
		}

		select {
		case r := <-results:
			running--
			if cancels[r.i] != nil {
				record(r.i, r.page)
			} // else the page was cut at its deadline, and is recorded already
		case <-timeout:
			i := deadlines[0].i
			err := fmt.Errorf("%w: page took longer than %v", context.DeadlineExceeded, opts.Timeout)
			record(i, fetchbench.Page{URL: urls[i], Elapsed: opts.Timeout, Err: err})
		case <-done:
			// Skip the unstarted pages. Fetches in flight see the
			// cancellation through their own ctx, derived from ctx, and
			// report back soon: the loop goes on until they have.
			for ; next < len(urls); next++ {
				pages[next] = fetchbench.NotFetched(ctx, urls[next])
			}
			done = nil // seen once: switch the case off
		}
	}
	return pages, ctx.Err()
}
