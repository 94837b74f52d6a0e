package chanprimer_test

import (
	"fmt"
	"slices"

	"fetchbench/internal/lessons/chanprimer"
)

// close says no more values will come: range stops after the last one, and
// a receive then returns the zero value at once, with ok false.
func Example_close() {
	pages := make(chan string, 2)
	pages <- "/page/0"
	pages <- "/page/1"
	close(pages)

	for p := range pages { // receives what was sent, then ends
		fmt.Println(p)
	}
	p, ok := <-pages
	fmt.Printf("%q %v\n", p, ok)
	// Output:
	// /page/0
	// /page/1
	// "" false
}

// A send on a closed channel panics: only the sender may close.
func Example_sendOnClosed() {
	defer func() { fmt.Println("panic:", recover()) }()
	ch := make(chan int, 1)
	close(ch)
	ch <- 1
	// Output:
	// panic: send on closed channel
}

func ExampleMerge() {
	a, b := make(chan int), make(chan int)
	go func() {
		defer close(a)
		for i := range 3 {
			a <- i
		}
	}()
	go func() {
		defer close(b)
		b <- 10
	}()
	got := chanprimer.Merge(a, b)
	slices.Sort(got) // the interleaving differs from run to run
	fmt.Println(got)
	// Output:
	// [0 1 2 10]
}
