package chanprimer_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

// In fake time: three sends, and a receiver that starts after 1s. An
// unbuffered send waits for the receiver; a buffered one waits only when the
// buffer is full.
func TestSendWaits(t *testing.T) {
	for _, tc := range []struct {
		capacity int
		want     []time.Duration // when each send returns
	}{
		{0, []time.Duration{time.Second, time.Second, time.Second}},
		{2, []time.Duration{0, 0, time.Second}},
	} {
		synctest.Test(t, func(t *testing.T) {
			ch := make(chan int, tc.capacity)
			go func() {
				time.Sleep(time.Second)
				for range ch {
				}
			}()
			start := time.Now()
			for i, want := range tc.want {
				ch <- i
				took := time.Since(start)
				t.Logf("make(chan int, %d): send %d returned after %v", tc.capacity, i, took)
				assert.Equal(t, want, took)
			}
			close(ch)
		})
	}
}
