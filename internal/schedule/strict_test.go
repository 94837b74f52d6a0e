package schedule

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestStrictStallsOutsideTheSimulator pins the net/http behaviour that the
// streams scenario shows, on a plain loopback httptest server: with
// StrictMaxConcurrentRequests, requests over the server's stream limit
// should wait for a stream, but in Go 1.26 some of them stall until their
// deadline instead (golang/go#70809). If this test fails, that is fixed:
// update the HTTP/2 section of docs/08-pitfalls.md.
func TestStrictStallsOutsideTheSimulator(t *testing.T) {
	defer goleak.VerifyNone(t)
	const streams, requests = 4, 3 * 4
	for _, strict := range []bool{false, true} {
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("ok"))
		}))
		ts.EnableHTTP2 = true
		ts.Config.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: streams}
		ts.StartTLS()
		transport := ts.Client().Transport.(*http.Transport).Clone()
		transport.HTTP2 = &http.HTTP2Config{StrictMaxConcurrentRequests: strict}
		client := &http.Client{Transport: transport}

		// A second is ages on loopback: a request still waiting then is stuck.
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
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
		if err := get(); err != nil { // one connection first, so that it knows the limit
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var stuck atomic.Int64
		for range requests {
			wg.Go(func() {
				if get() != nil {
					stuck.Add(1)
				}
			})
		}
		wg.Wait()
		cancel()
		transport.CloseIdleConnections()
		ts.Close()

		t.Logf("strict %v: %d of %d requests still waiting after a second", strict, stuck.Load(), requests)
		switch {
		case !strict && stuck.Load() > 0:
			t.Errorf("without strict mode, %d requests failed; want none", stuck.Load())
		case strict && stuck.Load() == 0:
			t.Errorf("strict mode no longer stalls (golang/go#70809 fixed?): update docs/08-pitfalls.md and results/schedule.txt")
		}
	}
}
