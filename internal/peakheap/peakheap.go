// Package peakheap measures the most heap a piece of work used, for the
// benchmarks that report peak-heap-MB.
package peakheap

import (
	"runtime/metrics"
	"sync"
	"time"
)

// Sample samples the heap every millisecond until the returned func is
// called, which returns the most it saw, in bytes: heap objects, live and
// not yet collected. A peak shorter than a millisecond may be missed.
func Sample() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-tick.C:
			case <-done:
				return
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}
