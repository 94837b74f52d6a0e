package grade

import (
	"errors"
	"fmt"
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
		const goroutines, urls = 8, 1000
		s := newSet()
		var wins [urls]atomic.Int32
		start := make(chan struct{})
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				<-start // all at once, to meet on the same URLs
				for i := range urls {
					u := (i + g*urls/goroutines) % urls // each starts at another URL
					if s.Visit(fmt.Sprint("https://example.test/", u)) {
						wins[u].Add(1)
					}
				}
			})
		}
		close(start)
		wg.Wait()
		var errs []error
		for u := range urls {
			if n := wins[u].Load(); n != 1 {
				errs = append(errs, fmt.Errorf("URL %d was new to %d goroutines", u, n))
			}
		}
		if len(errs) > 0 {
			t.Fatalf("%d goroutines visited %d URLs: %v; want exactly one goroutine to see each URL as new", goroutines, urls, errors.Join(errs[:min(len(errs), 5)]...))
		}
	})
}
