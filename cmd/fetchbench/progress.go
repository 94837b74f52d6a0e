package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A progressLine redraws a line on stderr every 100ms until stop, such as
// "sequential [#####-----] 50/100 requested  1.2s". A nil *progressLine
// is off: its methods do nothing.
type progressLine struct {
	stderr io.Writer
	line   func(elapsed time.Duration) string
	start  time.Time
	mu     sync.Mutex // one writer of the line at a time
	done   chan struct{}
	wg     sync.WaitGroup
}

// startProgress starts drawing line, or returns nil off a terminal, where
// it is noise.
func startProgress(e env, line func(elapsed time.Duration) string) *progressLine {
	if !e.progress {
		return nil
	}
	p := &progressLine{stderr: e.stderr, line: line, start: time.Now(), done: make(chan struct{})}
	p.wg.Go(func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			p.clear(func() {})
			select {
			case <-tick.C:
			case <-p.done:
				return
			}
		}
	})
	return p
}

// clear runs print with the line cleared, then draws the line again, so
// that a page printed on the same terminal does not land inside it.
func (p *progressLine) clear(print func()) {
	if p == nil {
		print()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.stderr, "\r\x1b[K")
	print()
	fmt.Fprint(p.stderr, p.line(time.Since(p.start).Round(100*time.Millisecond)))
}

// stop ends the line and clears it, once its goroutine has ended.
func (p *progressLine) stop() {
	if p == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
	fmt.Fprint(p.stderr, "\r\x1b[K")
}

// barLine is the line of a run over total pages, where word says what
// count counts ("requested", "done"): "label [#####-----] n/total word  1.2s".
func barLine(label string, total int, word string, count func() int) func(time.Duration) string {
	return func(elapsed time.Duration) string {
		const width = 30
		n := min(count(), total) // a redirect is a second request
		bar := strings.Repeat("#", n*width/total) + strings.Repeat("-", width-n*width/total)
		return fmt.Sprintf("%-10s [%s] %d/%d %s  %v", label, bar, n, total, word, elapsed)
	}
}

// countRequests counts ctx's HTTP requests, so a bar can follow any FetchAll.
func countRequests(ctx context.Context) (context.Context, func() int) {
	var n atomic.Int64
	trace := &httptrace.ClientTrace{GetConn: func(string) { n.Add(1) }}
	return httptrace.WithClientTrace(ctx, trace), func() int { return int(n.Load()) }
}
