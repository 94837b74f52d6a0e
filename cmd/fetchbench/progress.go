package main

import (
	"fmt"
	"strings"
	"time"
)

// startProgress draws a progress bar on stderr, "label [#####-----] n/total",
// polling count on a ticker, until stop is called. stop returns only after
// the bar's goroutine has ended and the line is cleared, so nothing is left
// running and the next output starts on a clean line. The bar is drawn only
// when stderr is a terminal: in a file or a pipe it would be noise.
func startProgress(e env, label string, total int, count func() int) (stop func()) {
	if !e.progress || total <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			n := min(count(), total) // a redirect is a second request
			const width = 30
			bar := strings.Repeat("#", n*width/total) + strings.Repeat("-", width-n*width/total)
			fmt.Fprintf(e.stderr, "\r%-10s [%s] %d/%d requested", label, bar, n, total)
			select {
			case <-tick.C:
			case <-done:
				fmt.Fprint(e.stderr, "\r\x1b[K") // clear the line
				return
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
