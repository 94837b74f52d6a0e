package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/crawl"
	"fetchbench/crawl/owner"
	"fetchbench/fetchtest/sim"
)

// start runs fetchsite with args, its standard error into stderr, and
// returns the URL it printed. stop cancels the run, as Ctrl-C does, and
// returns run's error.
func start(t *testing.T, stderr io.Writer, args ...string) (listURL string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, w, stderr)
		w.Close()
	}()
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		cancel()
		t.Fatalf("fetchsite printed nothing: %v", <-done)
	}
	go io.Copy(io.Discard, out)
	return lines.Text(), func() error {
		cancel()
		return <-done
	}
}

// TestServe: the printed URL lists every page, the pages hold the scripts
// fetchtest promises, and cancelling (what Ctrl-C does) stops the server.
func TestServe(t *testing.T) {
	defer goleak.VerifyNone(t)
	listURL, stop := start(t, io.Discard, "-pages", "5", "-latency", "0s", "-size", "0")
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()
	resp, err := client.Get(listURL)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	urls := strings.Fields(string(body))
	if len(urls) != 5 || !strings.HasPrefix(urls[0], strings.TrimSuffix(listURL, "/urls")+"/page/") {
		t.Fatalf("GET %s = %q; want 5 page URLs on the same host", listURL, body)
	}
	total := 0
	for _, u := range urls {
		p := fetchbench.Get(t.Context(), client, u, fetchbench.Options{})
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		total += len(p.Scripts)
	}
	if total != sim.WantTotal(5) {
		t.Errorf("the pages hold %d scripts; want %d", total, sim.WantTotal(5))
	}

	client.CloseIdleConnections()
	if err := stop(); err != nil {
		t.Errorf("run after cancel = %v; want nil", err)
	}
	if _, err := http.Get(listURL); err == nil {
		t.Error("the server still answers after it stopped")
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"extra"}, {"-no-such-flag"}} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run %q succeeded", args)
		}
	}
}

// -h prints the usage on standard output and succeeds, as fetchbench -h
// does: main then exits 0, not 2.
func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"-h"}, &stdout, &stderr); err != nil {
		t.Errorf("run -h = %v; want nil", err)
	}
	if !strings.HasPrefix(stdout.String(), "usage: fetchsite") || !strings.Contains(stdout.String(), "-links int") {
		t.Errorf("run -h printed %q on stdout; want the usage and every flag", stdout.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("run -h printed %q on stderr; want nothing", stderr.String())
	}
}

// Without -links, the pages link to no other page: a crawl from page 0
// takes up page 0 alone, and meets no page that answers 404. Standard
// error says where the pages are.
func TestCrawlWithoutLinks(t *testing.T) {
	defer goleak.VerifyNone(t)
	var stderr bytes.Buffer // read only after stop: run writes it until then
	listURL, stop := start(t, &stderr, "-pages", "10", "-latency", "0s")
	page0 := strings.TrimSuffix(listURL, "/urls") + "/page/0"

	client := fetchbench.NewClient(1)
	pages, err := owner.Crawl(t.Context(), client, []string{page0}, crawl.Options{MaxDepth: 2})
	client.CloseIdleConnections()
	if err != nil {
		t.Errorf("Crawl(%s, MaxDepth 2) = %v; want nil", page0, err)
	}
	for _, p := range pages {
		if p.URL != page0 || p.Err != nil {
			t.Errorf("Crawl(%s, MaxDepth 2) took up %s (Err %v); want page 0 alone", page0, p.URL, p.Err)
		}
	}
	if len(pages) != 1 {
		t.Errorf("Crawl(%s, MaxDepth 2) = %d pages; want 1", page0, len(pages))
	}

	if err := stop(); err != nil {
		t.Errorf("run after cancel = %v; want nil", err)
	}
	if !strings.Contains(stderr.String(), page0+" to /page/9") {
		t.Errorf("stderr = %q; want it to say the pages are %s to /page/9", stderr.String(), page0)
	}
}

// A client that sends half a request's head and waits must not hold up
// the shutdown: run still stops at once, cleanly, with no error.
func TestStopWithHalfSentHeads(t *testing.T) {
	defer goleak.VerifyNone(t)
	var stderr bytes.Buffer
	listURL, stop := start(t, &stderr, "-pages", "1", "-latency", "0s", "-size", "0")

	addr := strings.TrimPrefix(strings.TrimSuffix(listURL, "/urls"), "http://")
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := io.WriteString(c, "GET /page/0 HTTP/1.1\r\nHost: "+addr+"\r\n"); err != nil {
			t.Fatal(err)
		}
	}
	// The server accepts in the order the connections arrived: once this
	// request is answered, the three above are accepted, and waiting.
	client := fetchbench.NewClient(1)
	resp, err := client.Get(listURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	client.CloseIdleConnections()

	if err := stop(); err != nil {
		t.Errorf("run after cancel with 3 half-sent heads = %v; want nil", err)
	}
	if !strings.Contains(stderr.String(), "fetchsite: stopped") {
		t.Errorf("stderr = %q; want it to say stopped", stderr.String())
	}
}
