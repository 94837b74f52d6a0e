package main

import (
	"context"
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
	assert.Contains(t, string(mod), "golang.org/x/perf "+benchstatVersion, "update benchstatVersion in flags.go")
}
