package sim

// Traits say which contract a style promises, so that the conformance suite,
// fetchtest.Run, checks that one. They live here, beside the simulated web,
// so that a program that lists its styles can name them without linking the
// testing package.
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
