package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"fetchbench/fetchtest/sim"
)

// The tests here call run directly, so that the race detector and the
// leak check in TestMain see the command's own goroutines.

func TestRunURLsInProcess(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 5})
	defer site.Close()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"-limit", "2"}, site.URLs()...), env{stdout: &stdout, stderr: &stderr})
	if code != exitOK {
		t.Fatalf("exit %d; want 0\n%s\n%s", code, stdout.String(), stderr.String())
	}
	if _, order := parseText(t, stdout.String()); len(order) != 5 {
		t.Errorf("%d pages printed; want 5:\n%s", len(order), stdout.String())
	}
	if got := site.Stats().MaxInFlight; got > 2 {
		t.Errorf("the site saw %d requests at once; want at most -limit 2", got)
	}
}

func TestDemoProgress(t *testing.T) {
	var stdout, stderr bytes.Buffer
	args := []string{"-pages", "6", "-latency", "2ms", "-style", "sequential"}
	code := run(args, env{stdout: &stdout, stderr: &stderr, progress: true})
	if code != exitOK {
		t.Fatalf("exit %d; want 0\n%s\n%s", code, stdout.String(), stderr.String())
	}
	// The bar is drawn at least once, and its line cleared at the end.
	if got := stderr.String(); !strings.Contains(got, "sequential [") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("stderr = %q; want a progress bar, then the line cleared", got)
	}
	if want := fmt.Sprintf("%d ok", sim.WantTotal(6)); !strings.Contains(stdout.String(), want) {
		t.Errorf("table lacks %q:\n%s", want, stdout.String())
	}
}

// TestProgress checks that the bar is drawn on a terminal in every mode
// that fetches URLs, that its line is cleared at the end, and that
// standard output is the same as without it.
func TestProgress(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 4})
	defer site.Close()
	for _, tc := range []struct {
		args []string
		bar  string // how the bar starts and what it counts
	}{
		{[]string{"-style", "channels"}, "channels   ["},
		{[]string{"-style", "sequential"}, "sequential ["},
		{[]string{"-format", "bench", "-style", "all", "-count", "2"}, "selectloop 2/2 ["},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append(tc.args, site.URLs()...), env{stdout: &stdout, stderr: &stderr, progress: true})
			if code != exitOK {
				t.Fatalf("exit %d; want 0\n%s\n%s", code, stdout.String(), stderr.String())
			}
			word := " requested "
			if tc.args[1] == "channels" {
				word = " done "
			}
			got := stderr.String()
			if !strings.Contains(got, tc.bar) || !strings.Contains(got, word) || !strings.HasSuffix(got, "\r\x1b[K") {
				t.Errorf("stderr = %q; want a bar %q counting %q, then the line cleared", got, tc.bar, word)
			}
			if tc.args[1] == "bench" {
				readBench(t, stdout.String()) // nothing but benchmark lines
			} else if _, order := parseText(t, stdout.String()); len(order) != 4 {
				t.Errorf("%d pages printed; want 4:\n%s", len(order), stdout.String())
			}
		})
	}
}

func TestBenchSite(t *testing.T) {
	for _, tc := range []struct {
		urls []string
		want string
	}{
		{[]string{"https://Go.dev/a", "https://go.dev/b"}, "go.dev"},
		{[]string{"ftp:/x", "https://go.dev/", "http://[::1]:8080/", "https://go.dev/x"}, "go.dev+1"},
		{[]string{"http://[::1]:8080/"}, "::1"},
		// fetchsite's port changes on every start; the name must not.
		{[]string{"http://127.0.0.1:34645/page/0"}, "127.0.0.1"},
		{[]string{"http://127.0.0.1:40001/page/0", "http://127.0.0.1:34645/page/1"}, "127.0.0.1"},
		{[]string{"not a url", "ftp:/x"}, "none"},
	} {
		if got := benchSite(tc.urls); got != tc.want {
			t.Errorf("benchSite(%q) = %q; want %q", tc.urls, got, tc.want)
		}
	}
}

func TestRound(t *testing.T) {
	for d, want := range map[string]string{"6.01234s": "6.01s", "612.345ms": "612ms", "2.3456ms": "2.35ms", "38.12µs": "38.1µs", "999ns": "999ns"} {
		if got := round(mustDuration(t, d)).String(); got != want {
			t.Errorf("round(%s) = %s; want %s", d, got, want)
		}
	}
}

func mustDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
