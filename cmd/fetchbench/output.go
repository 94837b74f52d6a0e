package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"fetchbench"
)

// A pageWriter prints pages as text or as JSON Lines. It flushes after
// every page, so that a streamed page shows up the moment it is done.
type pageWriter struct {
	w    *bufio.Writer
	json *json.Encoder // nil for text
}

func newPageWriter(w io.Writer, asJSON bool) *pageWriter {
	pw := &pageWriter{w: bufio.NewWriter(w)}
	if asJSON {
		pw.json = json.NewEncoder(pw.w)
		pw.json.SetEscapeHTML(false) // keep & < > in URLs readable
	}
	return pw
}

// write prints one page. A write error sticks in the bufio.Writer, and
// flush reports it.
func (pw *pageWriter) write(p fetchbench.Page) {
	if pw.json != nil {
		pw.json.Encode(jsonOf(p))
	} else {
		writeText(pw.w, p)
	}
	pw.w.Flush()
}

func (pw *pageWriter) flush() error { return pw.w.Flush() }

// writeText prints a page as one line, then one indented line per script:
//
//	https://example.com/  200  81ms  2 scripts
//	    https://example.com/app.js  defer
//	    inline (120 bytes)
//	ftp://example.com/  error: invalid URL "ftp://example.com/": scheme must be http or https
func writeText(w io.Writer, p fetchbench.Page) {
	fmt.Fprint(w, oneLine(p.URL))
	if p.Status != 0 {
		fmt.Fprintf(w, "  %d", p.Status)
	}
	if p.Elapsed > 0 {
		fmt.Fprintf(w, "  %v", round(p.Elapsed))
	}
	if p.Err != nil {
		fmt.Fprintf(w, "  error: %s\n", oneLine(p.Err.Error()))
		return
	}
	fmt.Fprintf(w, "  %d scripts\n", len(p.Scripts))
	for _, s := range p.Scripts {
		fmt.Fprintf(w, "    %s\n", describeScript(s))
	}
}

// describeScript says where a script comes from and how it runs.
func describeScript(s fetchbench.Script) string {
	parts := []string{oneLine(s.Src)}
	if s.Src == "" {
		parts[0] = fmt.Sprintf("inline (%d bytes)", s.InlineLen)
	}
	if s.Type != "" {
		parts = append(parts, "type="+oneLine(s.Type))
	}
	if s.Async {
		parts = append(parts, "async")
	}
	if s.Defer {
		parts = append(parts, "defer")
	}
	return strings.Join(parts, "  ")
}

// oneLine quotes s if it holds a newline or other control character, so
// that every page and every error takes exactly one line, whatever the
// URL, the page or the server put in it.
func oneLine(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

// round keeps about three significant digits: 6.01s, 612ms, 2.35ms.
func round(d time.Duration) time.Duration {
	for unit := time.Duration(1); unit < time.Hour; unit *= 10 {
		if d < 1000*unit {
			return d.Round(unit)
		}
	}
	return d.Round(time.Second)
}

// jsonPage is one line of -json output. The field names are snake_case, as
// JSON tools such as jq expect; error is left out on success.
type jsonPage struct {
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

func jsonOf(p fetchbench.Page) jsonPage {
	jp := jsonPage{
		URL:      p.URL,
		FinalURL: p.FinalURL,
		Status:   p.Status,
		Bytes:    p.Bytes,
		// Milliseconds to the microsecond: 12.345.
		ElapsedMS: math.Round(float64(p.Elapsed)/float64(time.Microsecond)) / 1000,
		// Never null: a failed page has no scripts, an empty list.
		Scripts: make([]jsonScript, 0, len(p.Scripts)),
	}
	for _, s := range p.Scripts {
		// jsonScript has the fields of fetchbench.Script, so a conversion
		// copies them; if Script changes, this line stops compiling.
		jp.Scripts = append(jp.Scripts, jsonScript(s))
	}
	if p.Err != nil {
		jp.Error = p.Err.Error()
	}
	return jp
}
