package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"fetchbench"
)

// A tally adds up pages.
type tally struct {
	pages, failed, scripts int
	bytes                  int64
	fetched                int // pages that ran to an end of their own: not cut short or never begun by a cancel
}

func (t *tally) add(p fetchbench.Page) {
	t.pages++
	t.scripts += len(p.Scripts)
	t.bytes += p.Bytes
	if p.Err != nil {
		t.failed++
	}
	if p.Err == nil || !errors.Is(p.Err, context.Canceled) {
		t.fetched++
	}
}

// rate is the pages fetched per second of wall. A page a cancel cut short,
// or never began, is no throughput: counting it, a run stopped at once
// would look thousands of pages a second fast.
func (t tally) rate(wall time.Duration) float64 {
	return float64(t.fetched) / max(wall, time.Nanosecond).Seconds()
}

// A summary is the totals of a run over URLs, printed after its pages: the
// lesson's "took 0.52s", with the counts that say what the time bought.
type summary struct {
	style string
	limit int
	tally
	wall        time.Duration
	interrupted bool
}

// String is the text summary:
//
//	5 pages, 1 failed, 9 scripts in 123ms: 40.7 pages/s (channels, limit 10)
func (s summary) String() string {
	line := fmt.Sprintf("%s, %d failed, %s in %v: %.1f pages/s (%s, limit %d)",
		plural(s.pages, "page"), s.failed, plural(s.scripts, "script"), round(s.wall),
		s.rate(s.wall), s.style, s.limit)
	if s.interrupted {
		line += "; interrupted"
	}
	return line
}

// jsonSummary is the last record of -json output, under the key "summary".
type jsonSummary struct {
	Style       string  `json:"style"`
	Limit       int     `json:"limit"`
	Pages       int     `json:"pages"`
	Failed      int     `json:"failed"`
	Scripts     int     `json:"scripts"`
	Bytes       int64   `json:"bytes"`
	WallMS      float64 `json:"wall_ms"`
	PagesPerSec float64 `json:"pages_per_s"`
	Interrupted bool    `json:"interrupted"`
}

func (s summary) json() jsonSummary {
	return jsonSummary{
		Style: s.style, Limit: s.limit, Pages: s.pages, Failed: s.failed,
		Scripts: s.scripts, Bytes: s.bytes, WallMS: milliseconds(s.wall),
		PagesPerSec: math.Round(s.rate(s.wall)*100) / 100, Interrupted: s.interrupted,
	}
}
