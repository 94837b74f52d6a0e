// Package sharedstate is an exercise: a set of URLs that many goroutines
// share, as a crawler's visited set is.
// Its README says what to write, and how to run the test that grades it.
package sharedstate

import "fetchbench/exercises/internal/grade"

// Visited is a set of URLs that many goroutines may use at once. Its zero
// value is an empty set, ready to use.
type Visited struct {
	// Your fields here.
}

// Visit adds url to the set, and reports whether it was new. Of many
// goroutines that visit one URL at the same time, exactly one gets true.
func (v *Visited) Visit(url string) bool {
	panic(grade.ErrNotStarted) // delete this line when you begin
}
