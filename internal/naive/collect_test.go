package naive

import (
	"testing"
	"testing/synctest"
	"time"

	"fetchbench"
)

// TestCollectTimeAfter shows the time.After bug in fake time: a page every
// 50 ms for one second, and an overall limit of 220 ms. The draft never
// stops early; the fixed version stops at 220 ms, after 4 pages.
func TestCollectTimeAfter(t *testing.T) {
	for _, tc := range []struct {
		name    string
		collect func(<-chan fetchbench.Page, time.Duration) []fetchbench.Page
		want    time.Duration
		pages   int
	}{
		{"Collect", Collect, time.Second, 20},
		{"CollectFixed", CollectFixed, 220 * time.Millisecond, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				results := make(chan fetchbench.Page)
				stop := make(chan struct{})
				go func() {
					defer close(results)
					for range 20 {
						select {
						case <-time.After(50 * time.Millisecond):
						case <-stop:
							return
						}
						select {
						case results <- fetchbench.Page{}:
						case <-stop:
							return
						}
					}
				}()
				start := time.Now()
				pages := tc.collect(results, 220*time.Millisecond)
				took := time.Since(start)
				close(stop)
				t.Logf("%s stopped after %v with %d pages", tc.name, took, len(pages))
				if took != tc.want || len(pages) != tc.pages {
					t.Errorf("%s took %v and kept %d pages; want %v and %d", tc.name, took, len(pages), tc.want, tc.pages)
				}
			})
		})
	}
}
