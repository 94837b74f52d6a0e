package sim_test

import (
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench/fetchtest/sim"
)

// A server that writes forever to a client that does not read fills the
// link only up to its window, so the web holds a bounded amount however
// large the pages and however slow the link. Issue 17 measured +259 MiB
// for one endless page of 1 MiB writes on a 1 MiB/s link, and +579 MiB
// with 4 MiB writes and a 2 s RTT (results/2026-12-06/linkwindow.txt).
func TestLinkBoundsBytesOnTheirWay(t *testing.T) {
	for _, tt := range []struct {
		name string
		page int
		rtt  time.Duration
		tls  bool
	}{
		{"HTTP1 plain, 1 MiB pages", 1 << 20, r, false},
		{"HTTP1 plain, 4 MiB pages, RTT 2 s", 4 << 20, 2 * time.Second, false},
		{"HTTP2 TLS, 1 MiB pages", 1 << 20, r, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				page := tt.page
				web := sim.NewWebInMemory(sim.WebConfig{
					Site: sim.Config{Pages: 1, PageSize: page}, Link: sim.Link{RTT: tt.rtt, Bandwidth: 1 << 20}, TLS: tt.tls,
				})
				defer web.Close()
				before := liveHeap()
				resp, err := web.Client(1).Get(web.Site(0).FaultURL(sim.Endless))
				require.NoError(t, err)
				defer resp.Body.Close()
				synctest.Wait() // the server has written all that the link takes

				wrote, held := web.Stats().ServerBytes, liveHeap()-before
				t.Logf("%s: the server wrote %.1f MiB to the link; the live heap grew %.1f MiB", tt.name, mib(wrote), mib(int64(held)))
				assert.LessOrEqual(t, wrote, int64(sim.LinkWindow+2*page), "bytes on their way: the window, plus a write that was let in below it and one blocked in the wire")
			})
		})
	}
}

// liveHeap returns the bytes of the heap that are still in use.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
