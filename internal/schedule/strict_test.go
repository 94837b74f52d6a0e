package schedule

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var strictRuns = flag.Int("strict.runs", 0, "run TestStrictStreams this many times in each setting")

// TestStrictStreams is an experiment, not a check: how often do requests
// over the server's stream limit stall with StrictMaxConcurrentRequests,
// which should make them wait for a stream (golang/go#70809)? It counts the
// runs in which some request failed, in fake time on the simulated web and
// in real time against a plain httptest server. The answer changes from
// run to run, so only the experiment's output is committed, in
// results/2026-12-01/strict.txt:
//
//	go test ./internal/schedule -run TestStrictStreams -strict.runs 20 -v
func TestStrictStreams(t *testing.T) {
	if *strictRuns == 0 {
		t.Skip("an experiment: run it with -strict.runs N")
	}
	streams := scenarios[len(scenarios)-1]
	for _, strict := range []bool{false, true} {
		stalled := 0
		for range *strictRuns {
			if r := run(t, streams, variant{style: style("channels"), warm: true, strict: strict}); r.failed > 0 {
				stalled++
			}
		}
		t.Logf("fake time, %s, strict %v: %d of %d runs had pages fail", streams.name, strict, stalled, *strictRuns)
	}
	for _, strict := range []bool{false, true} {
		stalled := 0
		for range *strictRuns {
			if stuck := loopbackStrict(t, strict); stuck > 0 {
				stalled++
			}
		}
		t.Logf("loopback httptest, 12 requests, 4 streams, strict %v: %d of %d runs had requests still waiting after a second", strict, stalled, *strictRuns)
	}
}

// loopbackStrict sends 12 requests at once to a server that allows 4
// streams per connection, after one request has opened the connection, and
// returns how many were still waiting a second later.
func loopbackStrict(t *testing.T, strict bool) int64 {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	ts.EnableHTTP2 = true
	ts.Config.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: 4}
	ts.StartTLS()
	defer ts.Close()
	transport := ts.Client().Transport.(*http.Transport).Clone()
	transport.HTTP2 = &http.HTTP2Config{StrictMaxConcurrentRequests: strict}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}

	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	get := func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	if err := get(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var stuck atomic.Int64
	for range 12 {
		wg.Go(func() {
			if get() != nil {
				stuck.Add(1)
			}
		})
	}
	wg.Wait()
	return stuck.Load()
}
