package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"fetchbench"
	"fetchbench/internal/redact"
)

// A pageWriter prints pages as text or as JSON Lines, flushing after each
// so that a streamed page shows the moment it is done. A write error
// sticks in the bufio.Writer, and summary returns it.
type pageWriter struct {
	w    *bufio.Writer
	json bool
	sum  tally // of the pages written
}

// write prints page i of the input.
func (pw *pageWriter) write(i int, p fetchbench.Page) {
	pw.sum.add(p)
	switch {
	case pw.json:
		pw.w.Write(redact.JSONLine(jsonOf(i, p)))
	case !errors.Is(p.Err, fetchbench.ErrNotFetched): // those share a line: one each would bury the rest
		writeText(pw.w, p)
	}
	pw.w.Flush()
}

// summary prints the totals after the pages: text after a blank line, or
// one JSON record, {"summary": record}.
func (pw *pageWriter) summary(text fmt.Stringer, record any) error {
	switch {
	case pw.json:
		pw.w.Write(redact.JSONLine(map[string]any{"summary": record}))
	case pw.sum.notFetched > 0:
		fmt.Fprintln(pw.w, pw.sum.notFetchedText())
		fallthrough
	default:
		fmt.Fprintf(pw.w, "\n%s\n", text)
	}
	return pw.w.Flush()
}

// summary is the totals of run r, whose pages t adds up.
func (c *config) summary(r runResult, t tally) summary {
	s := summary{Style: r.style.Name, Limit: c.limit, tally: t, Interrupted: r.cutShort,
		WallMS: milliseconds(r.wall), PagesPerSec: math.Round(t.rate(r.wall)*100) / 100,
		limitText: c.limitText(r.style), wall: r.wall}
	if r.style.Sequential {
		s.Limit = 1
	}
	return s
}

// writeText prints a page as one line, then one indented line per script:
//
//	https://example.com/  200  81ms  1 script
//	    inline (120 bytes)
//	http://example.com/  → https://example.com/  200  95ms  1 script
//	    https://example.com/app.js  type=module  async
func writeText(w io.Writer, p fetchbench.Page) {
	fmt.Fprint(w, redact.Text(p.URL))
	if p.FinalURL != "" && p.FinalURL != p.URL {
		fmt.Fprintf(w, "  → %s", redact.Text(p.FinalURL))
	}
	if p.Status != 0 {
		fmt.Fprintf(w, "  %d", p.Status)
	}
	if p.Elapsed > 0 {
		fmt.Fprintf(w, "  %v", round(p.Elapsed))
	}
	if p.Err != nil {
		fmt.Fprintf(w, "  error: %s\n", redact.Text(p.Err.Error()))
		return
	}
	fmt.Fprintf(w, "  %s\n", plural(len(p.Scripts), "script"))
	for _, s := range p.Scripts {
		line := "    " + redact.Text(s.Src)
		if s.Src == "" {
			line = fmt.Sprintf("    inline (%s)", plural(s.InlineLen, "byte"))
		}
		if s.Type != "" {
			line += "  type=" + redact.Text(s.Type)
		}
		if s.Async {
			line += "  async"
		}
		if s.Defer {
			line += "  defer"
		}
		fmt.Fprintln(w, line)
	}
}

// plural says "1 script", "2 scripts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// round keeps about three significant digits: 6.01s, 612ms, 2.35ms.
func round(d time.Duration) time.Duration {
	unit := time.Duration(1)
	for d >= 1000*unit && unit < time.Hour {
		unit *= 10
	}
	return d.Round(unit)
}

// jsonPage is one line of -json output, in jq's snake_case.
type jsonPage struct {
	Index     int          `json:"index"`
	URL       string       `json:"url"`
	FinalURL  string       `json:"final_url"`
	Status    int          `json:"status"`
	Bytes     int64        `json:"bytes"`
	ElapsedMS float64      `json:"elapsed_ms"`
	Scripts   []jsonScript `json:"scripts"`
	Error     string       `json:"error,omitzero"`
}

type jsonScript struct {
	Src       string `json:"src"`
	Type      string `json:"type"`
	Async     bool   `json:"async"`
	Defer     bool   `json:"defer"`
	InlineLen int    `json:"inline_len"`
}

func jsonOf(i int, p fetchbench.Page) jsonPage {
	jp := jsonPage{Index: i, URL: redact.JSONURL(p.URL), FinalURL: redact.JSONURL(p.FinalURL), Status: p.Status,
		Bytes: p.Bytes, ElapsedMS: milliseconds(p.Elapsed),
		Scripts: make([]jsonScript, 0, len(p.Scripts))} // never null: a failed page has []
	for _, s := range p.Scripts {
		// A conversion copies the fields: if Script changes, this stops compiling.
		js := jsonScript(s)
		js.Src = redact.JSONURL(js.Src)
		jp.Scripts = append(jp.Scripts, js)
	}
	if p.Err != nil {
		jp.Error = redact.Passwords(p.Err.Error())
	}
	return jp
}

// milliseconds to the microsecond: 12.345.
func milliseconds(d time.Duration) float64 {
	return math.Round(float64(d)/float64(time.Microsecond)) / 1000
}

// A tally adds up pages.
type tally struct {
	Pages      int    `json:"pages"`
	Failed     int    `json:"failed"`
	Scripts    int    `json:"scripts"`
	Bytes      int64  `json:"bytes"`
	fetched    int    // pages that ran to an end of their own: not cut short or never begun by a cancel
	notFetched int    // pages a cancel kept from starting
	whyNot     string // the error of the last of them
}

func (t *tally) add(p fetchbench.Page) {
	t.Pages++
	t.Scripts += len(p.Scripts)
	t.Bytes += p.Bytes
	if p.Err != nil {
		t.Failed++
	}
	if p.Err == nil || !errors.Is(p.Err, context.Canceled) {
		t.fetched++
	}
	if errors.Is(p.Err, fetchbench.ErrNotFetched) {
		t.notFetched, t.whyNot = t.notFetched+1, p.Err.Error()
	}
}

// notFetchedText tells the pages a cancel kept from starting in one line:
// "17 pages not fetched: context canceled".
func (t tally) notFetchedText() string {
	return plural(t.notFetched, "page") + " " + redact.Text(t.whyNot)
}

// rate is the pages fetched per second: a run stopped at once is not fast.
func (t tally) rate(wall time.Duration) float64 {
	return float64(t.fetched) / max(wall, time.Nanosecond).Seconds()
}

// A summary is a run's totals. Its exported fields are -json's record.
type summary struct {
	Style string `json:"style"`
	Limit int    `json:"limit"` // 1 for a sequential style
	tally
	WallMS      float64 `json:"wall_ms"`
	PagesPerSec float64 `json:"pages_per_s"`
	Interrupted bool    `json:"interrupted"`
	limitText   string  // the limit in words
	wall        time.Duration
}

// String is the text summary:
//
//	5 pages, 1 failed, 9 scripts in 123ms: 40.7 pages/s (channels, limit 10)
func (s summary) String() string {
	line := fmt.Sprintf("%s, %d failed, %s in %v: %.1f pages/s (%s, %s)", plural(s.Pages, "page"),
		s.Failed, plural(s.Scripts, "script"), round(s.wall), s.rate(s.wall), s.Style, s.limitText)
	if s.Interrupted {
		line += "; interrupted"
	}
	return line
}
