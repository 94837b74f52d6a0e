// Package cancellation holds the code of chapter 3 of the fetchbench course:
// how a context asks work to stop, and how the work must listen.
package cancellation

import "context"

// Work calls step n times, checking ctx before each call: that check is how
// code that never blocks lets itself be cancelled. It returns how many steps
// ran, and context.Cause(ctx) if ctx was done before the last one began. A
// step that is running when ctx is done is not interrupted: it runs to its
// end, and Work returns after it.
func Work(ctx context.Context, n int, step func()) (int, error) {
	for i := range n {
		if ctx.Err() != nil {
			return i, context.Cause(ctx)
		}
		step()
	}
	return n, nil
}
