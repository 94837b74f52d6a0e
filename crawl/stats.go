package crawl

import (
	"context"
	"sync/atomic"
)

// Stats are what a crawl's benchmark wants to see of its inside. Attach
// them to the crawl's context with WithStats.
type Stats struct {
	// MaxFrontier is the most URLs met within reach but not yet done,
	// queued or in flight, seen at the start of a fetch.
	MaxFrontier atomic.Int64
}

type statsKey struct{}

// WithStats returns a copy of ctx under which a Fetcher records into s.
func WithStats(ctx context.Context, s *Stats) context.Context {
	return context.WithValue(ctx, statsKey{}, s)
}

func statsFrom(ctx context.Context) *Stats {
	s, _ := ctx.Value(statsKey{}).(*Stats)
	return s
}

// raise sets m to n if n is larger.
func raise(m *atomic.Int64, n int64) {
	for old := m.Load(); n > old && !m.CompareAndSwap(old, n); {
		old = m.Load()
	}
}
