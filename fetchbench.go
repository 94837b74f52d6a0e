// Package fetchbench is the task that every fetchbench style shares: fetch a
// list of web pages and collect the <script> elements on each.
//
// The task has three parts, and every style calls them in the same way:
//
//   - [Get] fetches and parses one page. It never panics on what a server
//     sends and never returns a silent partial result: whatever goes wrong
//     lands in [Page.Err].
//   - [ParseScripts] streams HTML through a scanner that gives the answers
//     of the x/net/html tokenizer, several times faster.
//   - [NewClient] builds the one [http.Client] a whole run shares.
//
// The sibling packages sequential, goroutines, channels, errgroup and
// selectloop each export a FetchAll of type [FetchFunc]. They differ only in
// how they orchestrate calls to [Get]. Package fetchtest holds the simulated
// web they are measured against and the conformance suite they all pass.
package fetchbench

import (
	"context"
	"net/http"
	"time"
)

// A FetchFunc fetches every URL and returns exactly one [Page] per URL, in
// input order: len(pages) == len(urls) and pages[i].URL == urls[i].
//
// A failure that belongs to one page is reported in that page's Err. The
// returned error is for the run as a whole: ctx.Err() when ctx was cancelled,
// or, for a fail-fast style, the first page error.
type FetchFunc func(ctx context.Context, client *http.Client, urls []string, opts Options) ([]Page, error)

// Options tune a run. The zero value is usable: no limit, no per-page
// timeout, a body cap of [DefaultMaxBodyBytes] and a script cap of
// [DefaultMaxScripts].
type Options struct {
	// Limit is the most requests in flight at once. Limit <= 0 means no limit.
	Limit int

	// Timeout bounds each page, covering both the fetch and the parse.
	// Zero or less means no per-page timeout.
	Timeout time.Duration

	// MaxBodyBytes caps the bytes read from one body (after any gzip
	// decoding). It also caps what resolving the page's src attributes
	// costs: each src counts as the longer of its resolved URL and the
	// page's base URL, which resolving reads and may copy, so that a short
	// page cannot make gigabytes of URLs. Over the cap a page fails with
	// ErrTooLarge; it is never truncated silently. Zero or less means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64

	// MaxScripts caps the scripts on one page. A page with more fails with
	// ErrTooManyScripts, and its parse stops at the first script over the
	// cap. Zero or less means DefaultMaxScripts.
	MaxScripts int
}

// maxBody returns the body cap to apply.
func (o Options) maxBody() int64 {
	if o.MaxBodyBytes > 0 {
		return o.MaxBodyBytes
	}
	return DefaultMaxBodyBytes
}

// maxScripts returns the script cap to apply.
func (o Options) maxScripts() int {
	if o.MaxScripts > 0 {
		return o.MaxScripts
	}
	return DefaultMaxScripts
}

// A Page is the result for one input URL.
type Page struct {
	URL      string        // the input URL, exactly as given
	FinalURL string        // the URL after redirects; "" if no response arrived
	Status   int           // the HTTP status code; 0 if no response arrived
	Bytes    int64         // body bytes read, after gzip decoding
	Elapsed  time.Duration // time spent in Get, fetch and parse together
	Scripts  []Script      // the page's <script> elements, in document order
	Err      error         // why the page failed; nil on success
}

// A Script is one <script> element.
type Script struct {
	// Src is the src attribute. Get resolves it to an absolute URL against
	// the page's final URL and its <base href>, leaving out any user:password@
	// of theirs; ParseScripts, which has no page URL, returns it as written.
	// It is "" for an inline script.
	Src string

	Type      string // the type attribute as written, e.g. "module"; "" if absent
	Async     bool   // the async attribute is present
	Defer     bool   // the defer attribute is present
	InlineLen int    // bytes of inline source; 0 when Src is set
}
