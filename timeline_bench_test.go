package fetchbench_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"fetchbench"
)

// BenchmarkGetTimeline shows what recording costs: with timeline=off, Get
// pays one ctx.Value lookup and nothing else.
func BenchmarkGetTimeline(b *testing.B) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<script src="a.js"></script>`))
	}))
	defer ts.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()
	for _, on := range []bool{false, true} {
		name := map[bool]string{false: "timeline=off", true: "timeline=on"}[on]
		b.Run(name, func(b *testing.B) {
			ctx := b.Context()
			if on {
				ctx = fetchbench.WithTimeline(ctx, fetchbench.NewTimeline(time.Now()))
			}
			b.ReportAllocs()
			for b.Loop() {
				if p := fetchbench.Get(ctx, client, ts.URL, fetchbench.Options{}); p.Err != nil {
					b.Fatal(p.Err)
				}
			}
		})
	}
}
