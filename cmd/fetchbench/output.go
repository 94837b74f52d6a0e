package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"fetchbench"
	"fetchbench/internal/redact"
)

// A pageWriter prints pages as text or as JSON Lines. It flushes after
// every page, so that a streamed page shows up the moment it is done.
type pageWriter struct {
	w    *bufio.Writer
	json bool
}

func newPageWriter(w io.Writer, asJSON bool) *pageWriter {
	return &pageWriter{w: bufio.NewWriter(w), json: asJSON}
}

// write prints one page. A write error sticks in the bufio.Writer, and
// flush reports it.
func (pw *pageWriter) write(p fetchbench.Page) {
	if pw.json {
		pw.w.Write(jsonLine(jsonOf(p)))
	} else {
		writeText(pw.w, p)
	}
	pw.w.Flush()
}

// summary prints the run's totals: a line of text after a blank line, or
// one JSON record, {"summary": {...}}, after the pages.
func (pw *pageWriter) summary(s summary) {
	if pw.json {
		pw.w.Write(jsonLine(struct {
			Summary jsonSummary `json:"summary"`
		}{s.json()}))
	} else {
		fmt.Fprintf(pw.w, "\n%s\n", s)
	}
	pw.w.Flush()
}

func (pw *pageWriter) flush() error { return pw.w.Flush() }

// writeText prints a page as one line, then one indented line per script.
// After a redirect, the line shows where it ended:
//
//	https://example.com/  200  81ms  2 scripts
//	    https://example.com/app.js  defer
//	    inline (120 bytes)
//	http://example.com/  → https://example.com/  200  95ms  1 script
//	    https://example.com/app.js  defer
//	ftp://example.com/  error: invalid URL "ftp://example.com/": scheme must be http or https
func writeText(w io.Writer, p fetchbench.Page) {
	fmt.Fprint(w, printable(p.URL))
	if p.FinalURL != "" && p.FinalURL != p.URL {
		fmt.Fprintf(w, "  → %s", printable(p.FinalURL))
	}
	if p.Status != 0 {
		fmt.Fprintf(w, "  %d", p.Status)
	}
	if p.Elapsed > 0 {
		fmt.Fprintf(w, "  %v", round(p.Elapsed))
	}
	if p.Err != nil {
		fmt.Fprintf(w, "  error: %s\n", printable(p.Err.Error()))
		return
	}
	fmt.Fprintf(w, "  %s\n", plural(len(p.Scripts), "script"))
	for _, s := range p.Scripts {
		fmt.Fprintf(w, "    %s\n", describeScript(s))
	}
}

// describeScript says where a script comes from and how it runs.
func describeScript(s fetchbench.Script) string {
	parts := []string{printable(s.Src)}
	if s.Src == "" {
		parts[0] = fmt.Sprintf("inline (%s)", plural(s.InlineLen, "byte"))
	}
	if s.Type != "" {
		parts = append(parts, "type="+printable(s.Type))
	}
	if s.Async {
		parts = append(parts, "async")
	}
	if s.Defer {
		parts = append(parts, "defer")
	}
	return strings.Join(parts, "  ")
}

// plural says "1 script", "2 scripts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// printable makes s safe to print on a terminal, as one line. It redacts
// the password of any URL in s, and it quotes s, Go-style, if s holds
// anything that is not a printable character: a control character (a
// newline, ESC, the 8-bit CSI 0x9b), a bidi or other format control
// (U+202E), a line separator (U+2028), or a byte that is not UTF-8. So a
// page, a URL or a server cannot move the cursor, recolour the terminal,
// reorder what it shows, or fake a line of output. A string that starts
// with a quote is quoted too, so that a quoted string is never ambiguous.
func printable(s string) string {
	s = redact.Passwords(s)
	if !utf8.ValidString(s) || strings.HasPrefix(s, `"`) || strings.ContainsFunc(s, notPrint) {
		return strconv.Quote(s)
	}
	return s
}

func notPrint(r rune) bool { return !unicode.IsPrint(r) }

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
		URL:       redact.Passwords(p.URL),
		FinalURL:  redact.Passwords(p.FinalURL),
		Status:    p.Status,
		Bytes:     p.Bytes,
		ElapsedMS: milliseconds(p.Elapsed),
		// Never null: a failed page has no scripts, an empty list.
		Scripts: make([]jsonScript, 0, len(p.Scripts)),
	}
	for _, s := range p.Scripts {
		// jsonScript has the fields of fetchbench.Script, so a conversion
		// copies them; if Script changes, this line stops compiling.
		js := jsonScript(s)
		js.Src = redact.Passwords(js.Src)
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

// jsonLine encodes v as one line of JSON, with every character that is not
// printable written as a \u escape. encoding/json already escapes control
// characters and U+2028, but not U+202E or the C1 controls, which some
// terminals obey: -json output must be as safe to look at as text.
func jsonLine(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep & < > in URLs readable
	if err := enc.Encode(v); err != nil {
		panic(err) // plain strings, numbers and bools always encode
	}
	b := buf.Bytes()
	if !bytes.ContainsFunc(b, notPrintNonASCII) {
		return b
	}
	// Outside strings, JSON is ASCII, so every such rune is in a string,
	// where a \u escape means the same.
	var out []byte
	for _, r := range string(b) {
		if !notPrintNonASCII(r) {
			out = utf8.AppendRune(out, r)
			continue
		}
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
	}
	return out
}

// notPrintNonASCII reports a rune that is neither ASCII nor printable.
// (The encoder has escaped every ASCII control but the final newline.)
func notPrintNonASCII(r rune) bool { return r >= utf8.RuneSelf && !unicode.IsPrint(r) }
