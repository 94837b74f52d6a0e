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

// A progressBar draws "label [#####-----] n/total word  1.2s" on stderr,
// polling count on a ticker, until stop. A nil *progressBar is off: its
// methods do nothing.
type progressBar struct {
	stderr      io.Writer
	label, word string // word is what count counts: "requested", "done"
	total       int
	count       func() int
	start       time.Time
	mu          sync.Mutex // one writer of the line at a time
	done        chan struct{}
	wg          sync.WaitGroup
}

// startProgress starts a bar, or returns nil off a terminal, where it is noise.
func startProgress(e env, label string, total int, word string, count func() int) *progressBar {
	if !e.progress || total <= 0 {
		return nil
	}
	p := &progressBar{stderr: e.stderr, label: label, word: word, total: total, count: count,
		start: time.Now(), done: make(chan struct{})}
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

// clear runs print with the bar's line cleared, then draws the bar again,
// so that a page printed on the same terminal does not land inside it.
func (p *progressBar) clear(print func()) {
	if p == nil {
		print()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.stderr, "\r\x1b[K")
	print()
	n := min(p.count(), p.total) // a redirect is a second request
	const width = 30
	bar := strings.Repeat("#", n*width/p.total) + strings.Repeat("-", width-n*width/p.total)
	fmt.Fprintf(p.stderr, "%-10s [%s] %d/%d %s  %v", p.label, bar, n, p.total, p.word,
		time.Since(p.start).Round(100*time.Millisecond))
}

// stop ends the bar and clears its line, once its goroutine has ended.
func (p *progressBar) stop() {
	if p == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
	fmt.Fprint(p.stderr, "\r\x1b[K")
}

// countRequests counts ctx's HTTP requests, so a bar can follow any FetchAll.
func countRequests(ctx context.Context) (context.Context, func() int) {
	var n atomic.Int64
	trace := &httptrace.ClientTrace{GetConn: func(string) { n.Add(1) }}
	return httptrace.WithClientTrace(ctx, trace), func() int { return int(n.Load()) }
}
