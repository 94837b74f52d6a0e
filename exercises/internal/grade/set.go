package grade

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// A Set is what exercise 03 builds: a visited set for many goroutines.
type Set interface {
	Visit(url string) bool
}

// SharedState grades exercise 03. Run it with -race: a set without a lock
// may still count right by luck, but the race detector sees the unguarded
// map every time.
func SharedState(t *testing.T, newSet func() Set) {
	t.Helper()
	skipIfNotStarted(t, func() (err error) {
		defer func() {
			if p, ok := recover().(error); ok {
				err = p
			}
		}()
		newSet().Visit("probe")
		return nil
	})

	t.Run("OneGoroutine", func(t *testing.T) {
		s := newSet()
		for _, c := range []struct {
			url  string
			want bool
		}{{"a", true}, {"a", false}, {"b", true}, {"a", false}, {"b", false}} {
			if got := s.Visit(c.url); got != c.want {
				t.Fatalf("Visit(%q) = %v; want %v: the first visit of a URL is new, and every later one is not", c.url, got, c.want)
			}
		}
	})

	t.Run("ManyGoroutines", func(t *testing.T) {
		const urls = 2000
		workers := max(runtime.GOMAXPROCS(0), 2)
		s := newSet()
		var wins [urls]atomic.Int32
		// The workers visit URL u in round u, all at the same moment: each
		// spins until the last one back from round u-1 opens round u. A
		// channel would wake them microseconds apart, and a gap between "is
		// it there?" and "add it" lasts nanoseconds.
		var turn, back atomic.Int64
		var all sync.WaitGroup
		for range workers {
			all.Go(func() {
				for u := range urls {
					for spins := 0; turn.Load() < int64(u); spins++ {
						if spins%1024 == 1023 {
							runtime.Gosched() // fewer Ps than workers: let the others run
						}
					}
					if s.Visit(fmt.Sprint("https://example.test/", u)) {
						wins[u].Add(1)
					}
					if back.Add(1) == int64((u+1)*workers) {
						turn.Store(int64(u + 1))
					}
				}
			})
		}
		all.Wait()
		var errs []error
		for u := range urls {
			if n := wins[u].Load(); n != 1 {
				errs = append(errs, fmt.Errorf("URL %d was new to %d goroutines", u, n))
			}
		}
		if len(errs) > 0 {
			t.Fatalf("%d goroutines visited %d URLs, each URL all at once: %d URLs were wrong, first %v; want exactly one goroutine to see each URL as new",
				workers, urls, len(errs), errors.Join(errs[:min(len(errs), 3)]...))
		}
	})
}
