// Package fetchtest is the conformance suite for fetchbench styles, in the
// spirit of testing/fstest: [Run] checks a style against the contract its
// [Traits] promise, and [RunCrawl] checks a crawl.Func against package
// crawl's contract. It is public so that a reader can check a style of
// their own.
//
// The simulated web that the suite runs against lives in package
// [fetchbench/fetchtest/sim], which imports no testing package, so that a
// program may serve it too.
package fetchtest

// Traits say which contract a style promises, so that [Run] checks that one.
type Traits struct {
	// Sequential means one request at a time, whatever Options.Limit says.
	Sequential bool

	// FailFast means the first page error cancels the rest of the run and
	// FetchAll returns it. Every URL still gets a Page: a page that was
	// cancelled carries an error wrapping context.Canceled. Without
	// FailFast, a style is collect-all: it tries every page, keeps each
	// failure in its page, and returns a nil error unless ctx was cancelled.
	FailFast bool
}
