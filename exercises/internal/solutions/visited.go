package solutions

import "sync"

// Visited answers exercise 03-shared-state: a map under a mutex.
type Visited struct {
	mu   sync.Mutex
	seen map[string]bool
}

// Visit adds url to the set, and reports whether it was new.
func (v *Visited) Visit(url string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.seen[url] {
		return false
	}
	if v.seen == nil {
		v.seen = make(map[string]bool)
	}
	v.seen[url] = true
	return true
}
