package collectall_test

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// TryGo starts a goroutine only if the limit allows it now, and reports
// whether it did.
func Example_tryGo() {
	var g errgroup.Group
	g.SetLimit(2)
	release := make(chan struct{})
	for i := range 3 {
		started := g.TryGo(func() error { <-release; return nil })
		fmt.Println(i, started)
	}
	close(release)
	g.Wait()
	fmt.Println(g.TryGo(func() error { return nil }))
	g.Wait()
	// Output:
	// 0 true
	// 1 true
	// 2 false
	// true
}

// A semaphore of weight 10, say 10 MiB of page bodies: a 6 MiB page fits,
// a second one waits, and Acquire gives up when its context is done.
func Example_weighted() {
	sem := semaphore.NewWeighted(10)
	fmt.Println(sem.TryAcquire(6))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	fmt.Println(sem.Acquire(ctx, 6)) // only 4 free: waits, then gives up

	sem.Release(6)
	fmt.Println(sem.Acquire(context.Background(), 6))
	sem.Release(6)
	// Output:
	// true
	// context deadline exceeded
	// <nil>
}
