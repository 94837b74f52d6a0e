package sharedstate_test

import (
	"fmt"

	"fetchbench/internal/lessons/sharedstate"
)

// pages returns the script counts of the simulated site's first 100 pages:
// page i has i%4 + 1.
func pages() []int {
	scripts := make([]int, 100)
	for i := range scripts {
		scripts[i] = i%4 + 1
	}
	return scripts
}

// The three fixes agree, and go test -race finds nothing to report.
func Example() {
	scripts := pages()
	fmt.Println(sharedstate.MutexTotal(scripts))
	fmt.Println(sharedstate.AtomicTotal(scripts))
	fmt.Println(sharedstate.OwnerTotal(scripts))
	// Output:
	// 250
	// 250
	// 250
}
