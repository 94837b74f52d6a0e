package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.com/café", "https://example.com/café"},
		{"https://example.com/a\u202eb", `"https://example.com/a\u202eb"`}, // right-to-left override
		{"https://example.com/a\u2028b", `"https://example.com/a\u2028b"`}, // line separator
		{"https://example.com/a\u200bb", `"https://example.com/a\u200bb"`}, // zero-width space, a format control
		{"a\x9b31mb", `"a\x9b31mb"`},                                       // 8-bit CSI, not UTF-8
		{"a\u009b31mb", `"a\u009b31mb"`},                                   // the same CSI as a UTF-8 C1 control
		{"a\x1b[2Jb", `"a\x1b[2Jb"`},
		{"line\nbreak", `"line\nbreak"`},
		{`"quoted"`, `"\"quoted\""`},
		{"https://user:secret@example.com/", "https://user:xxxxx@example.com/"},
		{"https://user:secret@example.com/\u202e", `"https://user:xxxxx@example.com/\u202e"`},
	} {
		if got := printable(tc.in); got != tc.want {
			t.Errorf("printable(%q) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

func TestJSONLineEscapes(t *testing.T) {
	in := "a\u202eb\u2028c\u009bd\U000e0001e\x9bf\x1bg & <h>"
	line := string(jsonLine(map[string]string{"s": in}))
	want := `{"s":"a\u202eb\u2028c\u009bd\udb40\udc01e\ufffdf\u001bg & <h>"}` + "\n"
	if line != want {
		t.Errorf("jsonLine = %s; want %s", line, want)
	}
	var back map[string]string
	if err := json.Unmarshal([]byte(line), &back); err != nil || back["s"] != strings.ToValidUTF8(in, "\ufffd") {
		t.Errorf("decoded %q, %v; want the input back (with 0x9b as U+FFFD)", back["s"], err)
	}
}

// TestHostilePage fetches a page whose URL holds a password and whose
// scripts hold bidi, separator and 8-bit control characters, and checks
// that no output shows the password or any of those characters raw.
func TestHostilePage(t *testing.T) {
	const page = "<script src=\"/a\u202eb.js\"></script>" +
		"<script src=\"/x\u2028y.js\"></script>" +
		"<script type=\"\x9b31m\" src=\"/c.js\"></script>" +
		"<script type=\"\u200f\x1b]0;title\x07\"></script>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	u := strings.Replace(srv.URL, "http://", "http://user:secret@", 1) + "/p\u202e"

	for _, format := range []string{"text", "json"} {
		r := runBinary(t, "", "-format", format, u)
		r.wantCode(t, exitOK)
		all := r.stdout + r.stderr
		for _, bad := range []string{"secret", "\u202e", "\u2028", "\u200f", "\x9b", "\u009b", "\x1b", "\x07"} {
			if strings.Contains(all, bad) {
				t.Errorf("-format %s printed %q raw:\n%s", format, bad, all)
			}
		}
		if !strings.Contains(all, "user:xxxxx@") {
			t.Errorf("-format %s: no redacted URL in\n%s", format, all)
		}
		if format == "text" && !strings.Contains(r.stdout, `\u202e`) {
			t.Errorf("text output does not show U+202E escaped:\n%s", r.stdout)
		}
	}
}

func TestTextRedirect(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 1})
	defer site.Close()
	from := site.FaultURL(sim.Redirect)
	r := runBinary(t, "", from, site.PageURL(0))
	r.wantCode(t, exitOK)
	pages, _ := parseText(t, r.stdout)
	if p := printedPage(t, pages, from); p.final != site.PageURL(0) || p.fields[1] != "200" {
		t.Errorf("redirect printed as %q, final %q; want → %s and status 200", p.fields, p.final, site.PageURL(0))
	}
	if p := printedPage(t, pages, site.PageURL(0)); p.final != "" {
		t.Errorf("page with no redirect printed → %s; want no final URL", p.final)
	}
}

// pages/s counts the pages fetched, not those a cancel cut short or never
// began: a run stopped at once is not fast.
func TestTallyRate(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	var tl tally
	for _, p := range []fetchbench.Page{
		{URL: "a"},
		{URL: "b", Err: &fetchbench.StatusError{Code: 404}},
		{URL: "c", Err: fmt.Errorf("get c: %w", context.DeadlineExceeded)}, // its own timeout: it ran
		{URL: "d", Err: fmt.Errorf("get d: %w", context.Canceled)},
		fetchbench.NotFetched(cancelled, "e"),
	} {
		tl.add(p)
	}
	if tl.pages != 5 || tl.failed != 4 || tl.fetched != 3 {
		t.Errorf("tally = %+v; want 5 pages, 4 failed, 3 fetched", tl)
	}
	if got := tl.rate(time.Second); got != 3 {
		t.Errorf("rate over 1s = %v; want 3", got)
	}
}
