package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

// TestServe: the printed URL lists every page, the pages hold the scripts
// fetchtest promises, and cancelling (what Ctrl-C does) stops the server.
func TestServe(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(t.Context())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-pages", "5", "-latency", "0s", "-size", "0"}, w, io.Discard)
		w.Close()
	}()

	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		t.Fatalf("fetchsite printed nothing: %v", <-done)
	}
	listURL := lines.Text()
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
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run after cancel = %v; want nil", err)
	}
	if _, err := http.Get(listURL); err == nil {
		t.Error("the server still answers after it stopped")
	}
}

func TestUsage(t *testing.T) {
	if err := run(t.Context(), []string{"extra"}, io.Discard, io.Discard); err == nil {
		t.Error("run with an argument succeeded")
	}
}
