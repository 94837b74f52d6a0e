package main

import (
	"fmt"
	"math"
	"time"

	"fetchbench"
)

// A summary is the totals of a run over URLs, printed after its pages: the
// lesson's "took 0.52s", with the counts that say what the time bought.
type summary struct {
	style       string
	limit       int
	pages       int
	failed      int
	scripts     int
	bytes       int64
	wall        time.Duration
	interrupted bool
}

func (s *summary) add(p fetchbench.Page) {
	s.pages++
	s.scripts += len(p.Scripts)
	s.bytes += p.Bytes
	if p.Err != nil {
		s.failed++
	}
}

func (s summary) pagesPerSecond() float64 {
	return float64(s.pages) / max(s.wall, time.Nanosecond).Seconds()
}

// String is the text summary:
//
//	5 pages, 1 failed, 9 scripts in 123ms: 40.7 pages/s (channels, limit 10)
func (s summary) String() string {
	line := fmt.Sprintf("%s, %d failed, %s in %v: %.1f pages/s (%s, limit %d)",
		plural(s.pages, "page"), s.failed, plural(s.scripts, "script"), round(s.wall),
		s.pagesPerSecond(), s.style, s.limit)
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
		PagesPerSec: math.Round(s.pagesPerSecond()*100) / 100, Interrupted: s.interrupted,
	}
}
