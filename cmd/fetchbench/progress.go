package main

import (
	"context"
	"fmt"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A progressBar draws "label [#####-----] n/total word  1.2s" on stderr,
// polling count on a ticker, until stop. It is drawn only when stderr is a
// terminal: in a file or a pipe it would be noise. A nil *progressBar is
// off, and all its methods do nothing.
type progressBar struct {
	e      env
	label  string
	total  int
	word   string // what count counts: "requested", "done"
	count  func() int
	start  time.Time
	mu     sync.Mutex // one writer of the line at a time
	done   chan struct{}
	exited chan struct{}
}

// startProgress starts a bar, or returns nil when e has no terminal.
func startProgress(e env, label string, total int, word string, count func() int) *progressBar {
	if !e.progress || total <= 0 {
		return nil
	}
	p := &progressBar{e: e, label: label, total: total, word: word, count: count,
		start: time.Now(), done: make(chan struct{}), exited: make(chan struct{})}
	go p.run()
	return p
}

func (p *progressBar) run() {
	defer close(p.exited)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		p.mu.Lock()
		p.draw()
		p.mu.Unlock()
		select {
		case <-tick.C:
		case <-p.done:
			return
		}
	}
}

// draw writes the bar over the current line. The caller holds p.mu.
func (p *progressBar) draw() {
	n := min(p.count(), p.total) // a redirect is a second request
	const width = 30
	bar := strings.Repeat("#", n*width/p.total) + strings.Repeat("-", width-n*width/p.total)
	fmt.Fprintf(p.e.stderr, "\r%-10s [%s] %d/%d %s  %v\x1b[K", p.label, bar, n, p.total, p.word,
		time.Since(p.start).Round(100*time.Millisecond))
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
	fmt.Fprint(p.e.stderr, "\r\x1b[K")
	print()
	p.draw()
}

// stop ends the bar and clears its line. It returns only after the bar's
// goroutine has ended, so nothing is left running and the next output
// starts on a clean line.
func (p *progressBar) stop() {
	if p == nil {
		return
	}
	close(p.done)
	<-p.exited
	fmt.Fprint(p.e.stderr, "\r\x1b[K")
}

// countRequests returns a context whose HTTP requests, redirects included,
// are counted as they start, and the count. It lets the bar follow any
// style from the outside, since FetchAll reports nothing until it returns.
func countRequests(ctx context.Context) (context.Context, func() int) {
	var n atomic.Int64
	trace := &httptrace.ClientTrace{GetConn: func(string) { n.Add(1) }}
	return httptrace.WithClientTrace(ctx, trace), func() int { return int(n.Load()) }
}
