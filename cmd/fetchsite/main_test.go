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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		require.FailNow(t, "fetchsite printed nothing", "run returned %v", <-done)
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
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	urls := strings.Fields(string(body))
	require.Len(t, urls, 5, "GET %s", listURL)
	require.True(t, strings.HasPrefix(urls[0], strings.TrimSuffix(listURL, "/urls")+"/page/"),
		"GET %s = %q; want page URLs on the same host", listURL, body)
	total := 0
	for _, u := range urls {
		p := fetchbench.Get(t.Context(), client, u, fetchbench.Options{})
		require.NoError(t, p.Err)
		total += len(p.Scripts)
	}
	assert.Equal(t, sim.WantTotal(5), total, "scripts on the pages")

	client.CloseIdleConnections()
	assert.NoError(t, stop(), "run after cancel")
	_, err = http.Get(listURL)
	assert.Error(t, err, "the server still answers after it stopped")
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"extra"}, {"-no-such-flag"}} {
		assert.Error(t, run(t.Context(), args, io.Discard, io.Discard), "run %q", args)
	}
}

// -h prints the usage on standard output and succeeds, as fetchbench -h
// does: main then exits 0, not 2.
func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.NoError(t, run(t.Context(), []string{"-h"}, &stdout, &stderr), "run -h")
	assert.True(t, strings.HasPrefix(stdout.String(), "usage: fetchsite"), "run -h printed %q on stdout; want the usage", stdout.String())
	assert.Contains(t, stdout.String(), "-links int", "run -h on stdout: every flag")
	assert.Empty(t, stderr.String(), "run -h on stderr")
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
	assert.NoError(t, err, "Crawl(%s, MaxDepth 2)", page0)
	for _, p := range pages {
		assert.Equal(t, page0, p.URL, "Crawl(%s, MaxDepth 2) takes up page 0 alone", page0)
		assert.NoError(t, p.Err, p.URL)
	}
	assert.Len(t, pages, 1, "Crawl(%s, MaxDepth 2)", page0)

	assert.NoError(t, stop(), "run after cancel")
	assert.Contains(t, stderr.String(), page0+" to /page/9", "stderr says where the pages are")
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
		require.NoError(t, err)
		defer c.Close()
		_, err = io.WriteString(c, "GET /page/0 HTTP/1.1\r\nHost: "+addr+"\r\n")
		require.NoError(t, err)
	}
	// The server accepts in the order the connections arrived: once this
	// request is answered, the three above are accepted, and waiting.
	client := fetchbench.NewClient(1)
	resp, err := client.Get(listURL)
	require.NoError(t, err)
	resp.Body.Close()
	client.CloseIdleConnections()

	assert.NoError(t, stop(), "run after cancel with 3 half-sent heads")
	assert.Contains(t, stderr.String(), "fetchsite: stopped")
}
