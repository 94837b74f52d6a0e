package fetchbench

import (
	"cmp"
	"context"
	"crypto/tls"
	"net/http/httptrace"
	"slices"
	"sync"
	"time"
)

// A Timeline records when each page's [Get] ran and what it waited for, for
// waterfall charts and schedule tables. Attach it to a run's context with
// [WithTimeline]; every style then records into it without knowing, because
// they all call Get. Without one, Get records nothing and pays one
// ctx.Value lookup.
//
// A Timeline is safe for concurrent use.
type Timeline struct {
	start time.Time
	mu    sync.Mutex
	pages []Timing
}

// NewTimeline returns a Timeline whose times count from start.
func NewTimeline(start time.Time) *Timeline { return &Timeline{start: start} }

type timelineKey struct{}

// WithTimeline returns a copy of ctx under which Get records into tl.
func WithTimeline(ctx context.Context, tl *Timeline) context.Context {
	return context.WithValue(ctx, timelineKey{}, tl)
}

// Timings returns what was recorded, ordered by start time (and by URL
// between pages that started together).
func (tl *Timeline) Timings() []Timing {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	pages := slices.Clone(tl.pages)
	slices.SortStableFunc(pages, func(a, b Timing) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.URL, b.URL))
	})
	return pages
}

// A Timing is one call of Get, with times counted from the timeline's start.
type Timing struct {
	URL        string
	Start, End time.Duration // when Get began and returned
	Phases     []Phase       // in the order they began; a redirect repeats them
	NewConns   int           // connections this page's requests dialed
	Reused     bool          // its last request went over a connection that had carried one before
	Proto      string        // the last connection's protocol, "HTTP/1.1" or "HTTP/2.0"; "" if none
	Failed     bool          // Page.Err was not nil
}

// A Phase is one stretch of a page's time.
type Phase struct {
	Name       PhaseName
	Start, End time.Duration
}

// PhaseName names what a page was doing, in the terms of
// net/http/httptrace.
type PhaseName string

const (
	// PhaseConnect runs from asking the Transport for a connection until a
	// new one is dialed (or until its TLS handshake starts).
	PhaseConnect PhaseName = "connect"
	PhaseQueue   PhaseName = "queue" // waited for a connection in use to come free
	PhaseTLS     PhaseName = "tls"   // the TLS handshake
	PhaseWait    PhaseName = "wait"  // request written until the first response byte
	PhaseBody    PhaseName = "body"  // first response byte until the body is read and parsed
)

// timelineFrom returns the Timeline under ctx, or nil.
func timelineFrom(ctx context.Context) *Timeline {
	tl, _ := ctx.Value(timelineKey{}).(*Timeline)
	return tl
}

// pageTrace records one Get. httptrace calls its hooks from the Transport's
// goroutines as well as the caller's, hence the mutex.
type pageTrace struct {
	tl *Timeline
	mu sync.Mutex
	t  Timing
	at map[PhaseName]time.Duration // phases begun and not yet ended

	// done is set once Get has returned: a dial that net/http lets outlive
	// the request may still call the hooks, and must change nothing.
	done bool
}

// startTrace begins recording a page, and returns ctx with the hooks that
// fill it in.
func (tl *Timeline) startTrace(ctx context.Context, url string) (context.Context, *pageTrace) {
	pt := &pageTrace{tl: tl, at: make(map[PhaseName]time.Duration)}
	pt.t.URL = url
	pt.t.Start = pt.now()
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) {
			pt.end(PhaseBody) // the body of a redirect, if any
			pt.begin(PhaseConnect)
		},
		TLSHandshakeStart: func() {
			pt.end(PhaseConnect)
			pt.begin(PhaseTLS)
		},
		TLSHandshakeDone: func(tls.ConnectionState, error) { pt.end(PhaseTLS) },
		GotConn: func(info httptrace.GotConnInfo) {
			if info.Reused {
				pt.endAs(PhaseConnect, PhaseQueue) // no dial: it waited for a free connection
			} else {
				pt.end(PhaseConnect)
			}
			proto := "HTTP/1.1"
			if tc, ok := info.Conn.(*tls.Conn); ok && tc.ConnectionState().NegotiatedProtocol == "h2" {
				proto = "HTTP/2.0"
			}
			pt.mu.Lock()
			defer pt.mu.Unlock()
			if pt.done {
				return
			}
			pt.t.Reused, pt.t.Proto = info.Reused, proto
			if !info.Reused {
				pt.t.NewConns++
			}
		},
		// Over HTTP/2 the first byte may come back before this fires: then
		// there is no wait to record.
		WroteRequest:         func(httptrace.WroteRequestInfo) { pt.beginBefore(PhaseWait, PhaseBody) },
		GotFirstResponseByte: func() { pt.end(PhaseWait); pt.begin(PhaseBody) },
	}), pt
}

func (pt *pageTrace) now() time.Duration { return time.Since(pt.tl.start) }

func (pt *pageTrace) begin(name PhaseName) {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	if !pt.done {
		pt.at[name] = pt.now()
	}
}

// beginBefore begins name, unless the phase next has begun already.
func (pt *pageTrace) beginBefore(name, next PhaseName) {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	if _, ok := pt.at[next]; !ok && !pt.done {
		pt.at[name] = pt.now()
	}
}

// end closes the phase name if it is open.
func (pt *pageTrace) end(name PhaseName) { pt.endAs(name, name) }

// endAs closes the phase name if it is open, and records it as the phase
// as. A phase that took no time is not worth a segment in a chart.
func (pt *pageTrace) endAs(name, as PhaseName) {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	pt.endLocked(name, as)
}

// endLocked is endAs, with pt.mu held.
func (pt *pageTrace) endLocked(name, as PhaseName) {
	start, ok := pt.at[name]
	if !ok {
		return
	}
	delete(pt.at, name)
	if end := pt.now(); end > start {
		pt.t.Phases = append(pt.t.Phases, Phase{Name: as, Start: start, End: end})
	}
}

// finish closes every open phase and adds the page to its timeline.
func (pt *pageTrace) finish(page *Page) {
	pt.mu.Lock()
	for _, name := range []PhaseName{PhaseConnect, PhaseTLS, PhaseWait, PhaseBody} {
		pt.endLocked(name, name)
	}
	pt.done = true
	t := pt.t
	t.Phases = slices.Clone(t.Phases)
	pt.mu.Unlock()
	t.End = pt.now()
	t.Failed = page.Err != nil
	slices.SortStableFunc(t.Phases, func(a, b Phase) int { return cmp.Compare(a.Start, b.Start) })
	pt.tl.mu.Lock()
	pt.tl.pages = append(pt.tl.pages, t)
	pt.tl.mu.Unlock()
}
