package cancellation_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fetchbench/internal/lessons/cancellation"
)

// A deadline: Done is closed when it passes, and Err says why.
func Example_timeout() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel() // releases the timer if we finish before the deadline

	<-ctx.Done() // blocks until the deadline
	fmt.Println(ctx.Err())
	fmt.Println(errors.Is(ctx.Err(), context.DeadlineExceeded))
	// Output:
	// context deadline exceeded
	// true
}

var errEnough = errors.New("enough pages")

// Cancelling a context cancels every context derived from it, and a cause
// says why.
func Example_cause() {
	run, stop := context.WithCancelCause(context.Background())
	defer stop(nil)
	page, cancel := context.WithTimeout(run, time.Hour)
	defer cancel()

	stop(errEnough)
	<-page.Done()
	fmt.Println(page.Err())          // only ever Canceled or DeadlineExceeded
	fmt.Println(context.Cause(page)) // the reason given to stop
	// Output:
	// context canceled
	// enough pages
}

// The third step cancels: it still runs to its end, and the fourth never
// begins.
func ExampleWork() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	steps := 0
	n, err := cancellation.Work(ctx, 10, func() {
		steps++
		if steps == 3 {
			cancel()
		}
	})
	fmt.Println(n, err)
	// Output:
	// 3 context canceled
}
