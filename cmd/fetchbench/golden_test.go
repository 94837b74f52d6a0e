package main

import (
	"strings"
	"testing"
	"time"

	"fetchbench/fetchtest/sim"
)

// The golden tests run fetchbench in-process, in a synctest bubble against
// sites in memory, and compare what it prints with testdata/NAME.stdout and
// NAME.stderr. After a change to the output, run
//
//	go test ./cmd/fetchbench -run Golden -update
//
// and read the diff of testdata/ before committing it.

// The help of each mode is built from its flags: this is the one test of
// what they say.
func TestHelpGolden(t *testing.T) {
	golden(t, "help", env{}, exitOK, "-h")
	golden(t, "crawl-help", env{}, exitOK, "-crawl", "-h")
}

func TestDemoGolden(t *testing.T) {
	// No jitter: goroutines start in any order, so only pages that all
	// take the same time give every style the same schedule on every run.
	inBubble(t, func(t *testing.T, w *fakeWeb) {
		golden(t, "demo", w.env(), exitOK, "-pages", "8", "-latency", "50ms", "-jitter", "0s", "-limit", "4")
	})
	// One style (channels hands out pages in order, so jitter is fine):
	// the speedup column has no sequential run to divide by, and says so.
	inBubble(t, func(t *testing.T, w *fakeWeb) {
		golden(t, "demo-channels", w.env(), exitOK, "-style", "channels", "-pages", "20", "-limit", "4", "-tail", "7")
	})
	inBubble(t, func(t *testing.T, w *fakeWeb) {
		golden(t, "demo-bench", w.env(), exitOK, "-format", "bench", "-count", "2", "-pages", "5", "-latency", "2ms", "-style", "channels")
	})
}

func TestURLsGolden(t *testing.T) {
	bad := []string{"ftp://example.com/", "example.com:8080/x", "localhost:8080", "http://", "http://[::1"}
	for _, tc := range []struct {
		name string
		code int
		args []string
		urls func(*sim.Site) []string
	}{
		// channels streams: pages print as they finish, bad URLs first.
		{"urls-channels", exitFail, []string{"-limit", "2"}, func(s *sim.Site) []string { return append(s.URLs(), bad...) }},
		{"urls-sequential", exitFail, []string{"-style", "sequential"}, func(s *sim.Site) []string {
			return []string{s.FaultURL(sim.Redirect), s.PageURL(3), s.FaultURL(sim.NotFound)}
		}},
		// errgroup stops at the 404 and cancels the rest: one line for the
		// pages it never began.
		{"urls-errgroup", exitFail, []string{"-style", "errgroup", "-limit", "1"}, func(s *sim.Site) []string {
			return append([]string{s.PageURL(0), s.FaultURL(sim.NotFound)}, s.URLs()[1:]...)
		}},
		// Two URLs that differ only in a byte that is not UTF-8 stay two.
		{"urls-json", exitFail, []string{"-json"}, func(s *sim.Site) []string {
			return []string{s.PageURL(3), s.FaultURL(sim.Redirect), s.FaultURL(sim.NotFound),
				s.PageURL(1) + "?a=\xff", s.PageURL(4) + "?a=\xfe", "http://user:secret@fetchtest.test/page/2"}
		}},
		{"urls-bench", exitOK, []string{"-format", "bench", "-style", "all", "-count", "2"}, (*sim.Site).URLs},
		{"urls-file", exitOK, []string{"-style", "sequential", "-f", "testdata/urls.txt"}, func(*sim.Site) []string { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inBubble(t, func(t *testing.T, w *fakeWeb) {
				w.site = sim.NewInMemory(sim.Config{Pages: 6, Latency: 50 * time.Millisecond, Jitter: 20 * time.Millisecond})
				defer w.site.Close()
				args := append(tc.args, tc.urls(w.site)...)
				golden(t, tc.name, w.env(), tc.code, args...)
			})
		})
	}
}

// TestInterruptGolden cancels a run over a long list partway, as Ctrl-C
// does (with one page in flight, so that no two end at the same instant): the pages that never began get one line between them, and the
// summary says the run was interrupted. (TestInterrupt sends the real
// signal to the binary.)
func TestInterruptGolden(t *testing.T) {
	for _, style := range []string{"sequential", "channels"} {
		t.Run(style, func(t *testing.T) {
			inBubble(t, func(t *testing.T, w *fakeWeb) {
				w.site = sim.NewInMemory(sim.Config{Pages: 60, Latency: 50 * time.Millisecond, Jitter: 20 * time.Millisecond})
				defer w.site.Close()
				w.cancelAt = 120 * time.Millisecond
				golden(t, "interrupt-"+style, w.env(), exitInterrupt, append([]string{"-style", style, "-limit", "1"}, w.site.URLs()...)...)
			})
		})
	}
}

// TestUsageGolden checks the message of each usage error: found before
// anything is fetched, with exit status 2 and nothing on standard output.
func TestUsageGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"no-urls-in-file", "", []string{"-f", "testdata/comments.txt"}},
		{"empty-file", "", []string{"-f", "testdata/empty.txt"}},
		{"no-urls-on-stdin", "# only a comment\n", []string{"-"}},
		{"missing-file", "", []string{"-f", "testdata/missing.txt"}},
		{"unknown-style", "", []string{"-style", "fibers", "https://example.com/"}},
		{"unknown-style-demo", "", []string{"-style", "fibers"}},
		{"unknown-flag", "", []string{"-nope"}},
		{"unknown-format", "", []string{"-format", "xml", "https://example.com/"}},
		{"json-format-disagree", "", []string{"-json", "-format", "bench", "https://example.com/"}},
		{"no-timeout", "", []string{"-timeout", "0", "https://example.com/"}},
		{"no-max-body", "", []string{"-max-body", "0", "https://example.com/"}},
		{"negative-limit", "", []string{"-limit", "-1"}},
		{"no-limit-urls", "", []string{"-limit", "0", "https://example.com/"}},
		{"count-not-bench", "", []string{"-count", "3", "https://example.com/"}},
		{"count-zero", "", []string{"-count", "0", "-format", "bench"}},
		{"all-not-bench", "", []string{"-style", "all", "https://example.com/"}},
		{"demo-flag-urls", "", []string{"-pages", "5", "https://example.com/"}},
		{"json-demo", "", []string{"-json"}},
		{"public-only-demo", "", []string{"-public-only"}},
		{"no-pages", "", []string{"-pages", "0"}},
		{"stdin-and-url", "", []string{"-", "https://example.com/"}},
		{"file-and-url", "", []string{"-f", "testdata/comments.txt", "https://example.com/"}},
		{"flag-after-url", "", []string{"https://example.com/", "-json"}},
		{"waterfall-bench", "", []string{"-format", "bench", "-waterfall", "x.svg"}},
		{"waterfall-no-dir", "", []string{"-waterfall", "testdata/no/such/dir/x.svg"}},
		{"waterfall-dir", "", []string{"-waterfall", "testdata/", "https://example.com/"}},
		{"waterfall-dir-demo", "", []string{"-waterfall", "testdata"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, "usage-"+tc.name, env{stdin: strings.NewReader(tc.stdin)}, exitUsage, tc.args...)
		})
	}
}
