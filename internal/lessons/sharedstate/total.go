// Package sharedstate holds the code of chapter 5 of the fetchbench course:
// many goroutines add up one total, wrongly once, then right three ways.
// Each function adds scripts[i] in its own goroutine, as if each were a page
// just fetched, and returns the sum.
package sharedstate

import (
	"sync"
	"sync/atomic"
)

// RacyTotal is the asyncio habit carried over: it shares total with no lock.
//
// Bug: a data race. total += n reads total, adds, and writes it back; two
// goroutines can read the same value, and one addition is lost. The race
// detector reports it whether or not a sum comes out wrong.
func RacyTotal(scripts []int) int {
	total := 0
	var wg sync.WaitGroup
	for _, n := range scripts {
		wg.Go(func() { total += n })
	}
	wg.Wait()
	return total
}

// MutexTotal guards total with a mutex: one goroutine at a time between
// Lock and Unlock.
func MutexTotal(scripts []int) int {
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for _, n := range scripts {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			total += n
		})
	}
	wg.Wait()
	return total
}

// AtomicTotal adds with sync/atomic: read, add and write in one
// indivisible step.
func AtomicTotal(scripts []int) int {
	var total atomic.Int64
	var wg sync.WaitGroup
	for _, n := range scripts {
		wg.Go(func() { total.Add(int64(n)) })
	}
	wg.Wait()
	return int(total.Load())
}

// OwnerTotal gives total to one goroutine, the owner; the others send it
// what to add.
func OwnerTotal(scripts []int) int {
	adds := make(chan int)
	sum := make(chan int)
	go func() { // the owner: no other goroutine touches total
		total := 0
		for n := range adds {
			total += n
		}
		sum <- total
	}()
	var wg sync.WaitGroup
	for _, n := range scripts {
		wg.Go(func() { adds <- n })
	}
	wg.Wait()
	close(adds) // every add is sent: the owner's loop ends
	return <-sum
}
