package crawl

import "sync/atomic"

// Visited is the set of URLs a crawl has met, each with the fewest links
// from a seed it was met at. It decides which URLs to fetch, so that each is
// fetched once and exactly those within MaxDepth links of a seed, by the
// shortest path, are.
//
// It is not safe for concurrent use: a style guards it, with a mutex or by
// giving it to one goroutine alone. Make one with Fetcher.NewVisited.
type Visited struct {
	maxDepth int
	urls     map[string]*entry
	frontier *atomic.Int64 // met within reach but not done: shared with the Fetcher, for Stats
}

type entry struct {
	depth int      // the fewest links from a seed so far
	done  bool     // Done was called: links is the page's
	links []string // kept while a shorter path may still come
}

// Add records that url was met depth links from a seed, and returns the
// URLs to fetch now: url itself, the first time it is met within MaxDepth;
// and, when it was fetched before at a greater depth, those of its links
// that the shorter path now brings within reach.
func (v *Visited) Add(url string, depth int) []string {
	return v.add(nil, url, depth)
}

// Done records the links of the page at url, a URL that Add or Done
// returned, once it is done, and returns the URLs to fetch now. links is
// nil for a page that failed or was not fetched.
func (v *Visited) Done(url string, links []string) []string {
	e := v.urls[url]
	e.done = true
	v.frontier.Add(-1)
	if e.depth > 0 { // a seed's depth cannot shrink: no need to keep its links
		e.links = links
	}
	var next []string
	for _, l := range links {
		next = v.add(next, l, e.depth+1)
	}
	return next
}

func (v *Visited) add(next []string, url string, depth int) []string {
	if depth > v.maxDepth {
		return next
	}
	e, ok := v.urls[url]
	switch {
	case !ok:
		v.urls[url] = &entry{depth: depth}
		v.frontier.Add(1)
		return append(next, url)
	case depth >= e.depth:
		return next
	}
	// A shorter path: the page's links are nearer too. A page not done yet
	// will pass them on at its new depth when it is.
	e.depth = depth
	if e.done {
		for _, l := range e.links {
			next = v.add(next, l, depth+1)
		}
	}
	return next
}
