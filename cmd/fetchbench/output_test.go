package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
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
		assert.Equal(t, tc.want, printable(tc.in), "printable(%q)", tc.in)
	}
}

func TestJSONLineEscapes(t *testing.T) {
	in := "a\u202eb\u2028c\u009bd\U000e0001e\x9bf\x1bg & <h>"
	line := string(jsonLine(map[string]string{"s": in}))
	assert.Equal(t, `{"s":"a\u202eb\u2028c\u009bd\udb40\udc01e\ufffdf\u001bg & <h>"}`+"\n", line)
	var back map[string]string
	require.NoError(t, json.Unmarshal([]byte(line), &back))
	assert.Equal(t, strings.ToValidUTF8(in, "\ufffd"), back["s"], "decoded: the input back, with 0x9b as U+FFFD")
}

// jsonURL keeps two URLs apart that differ only in bytes that are not
// UTF-8, where encoding/json would make both U+FFFD.
func TestJSONURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://a.example/?a=\xff":           "http://a.example/?a=%FF",
		"http://a.example/?a=\xfe":           "http://a.example/?a=%FE",
		"http://a.example/\xe2\x82":          "http://a.example/%E2%82", // a rune cut short
		"http://a.example/caf\u00e9\ufffd":   "http://a.example/caf\u00e9\ufffd",
		"http://u:pw@a.example/?q=\xff":      "http://u:xxxxx@a.example/?q=%FF",
		"http://a.example/?a=%FF":            "http://a.example/?a=%FF",
		"http://a.example/\u202e?a=\xff\xfe": "http://a.example/\u202e?a=%FF%FE",
	} {
		assert.Equal(t, want, jsonURL(in), "jsonURL(%q)", in)
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
	assert.Equal(t, tally{Pages: 5, Failed: 4, fetched: 3, notFetched: 1, whyNot: "not fetched: context canceled"}, tl)
	assert.Equal(t, "1 page not fetched: context canceled", tl.notFetchedText())
	assert.Equal(t, 3.0, tl.rate(time.Second))
}

func TestRound(t *testing.T) {
	for in, want := range map[time.Duration]string{
		6012340 * time.Microsecond: "6.01s", 612345 * time.Microsecond: "612ms",
		2345600 * time.Nanosecond: "2.35ms", 38120 * time.Nanosecond: "38.1µs", 999: "999ns",
	} {
		assert.Equal(t, want, round(in).String(), "round(%v)", in)
	}
}

func TestReadURLList(t *testing.T) {
	list := "\uFEFFhttps://a.example/\n" +
		"https://b.example/#frag\n" +
		"https://c.example/ # a note\n" +
		"https://d.example/\t# a tab, then a note\n" +
		"  # an indented comment\n" +
		"#https://e.example/\n" +
		"https://f.example/#x #y\n" +
		"\r\n"
	got, err := readURLList(strings.NewReader(list))
	require.NoError(t, err)
	assert.Equal(t, []string{"https://a.example/", "https://b.example/#frag", "https://c.example/", "https://d.example/", "https://f.example/#x"}, got)
}

// A benchmark name must pair with the same list's runs on another day: no
// port, which for a local site changes from run to run.
func TestBenchSite(t *testing.T) {
	for _, tc := range []struct {
		urls []string
		want string
	}{
		{[]string{"https://Go.dev/a", "https://go.dev/b"}, "go.dev"},
		{[]string{"ftp:/x", "https://go.dev/", "http://[::1]:8080/", "https://go.dev/x"}, "go.dev+1"},
		{[]string{"http://127.0.0.1:34645/page/0", "http://127.0.0.1:34645/page/1"}, "127.0.0.1"},
		{[]string{"http://[::1]:8080/"}, "::1"},
		{[]string{"not a url", "ftp:/x"}, "none"},
	} {
		assert.Equal(t, tc.want, benchSite(tc.urls), "benchSite(%q)", tc.urls)
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
		var stdout, stderr strings.Builder
		require.Equal(t, exitOK, run([]string{"-format", format, u}, env{stdout: &stdout, stderr: &stderr}))
		all := stdout.String() + stderr.String()
		for _, bad := range []string{"secret", "\u202e", "\u2028", "\u200f", "\x9b", "\u009b", "\x1b", "\x07"} {
			assert.NotContains(t, all, bad, "-format %s printed %q raw", format, bad)
		}
		assert.Contains(t, all, "user:xxxxx@")
		if format == "text" {
			assert.Contains(t, stdout.String(), `\u202e`, "text output shows U+202E escaped")
		}
	}
}

// The benchstat that -h tells users to run outside the module is the one
// go.mod pins for go tool benchstat.
func TestBenchstatVersion(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	assert.Contains(t, string(mod), "golang.org/x/perf "+benchstatVersion, "update benchstatVersion in usage.go")
}
