// Package cancellation holds the code of chapter 3 of the fetchbench course:
// how a context asks work to stop, and how the work must listen.
package cancellation

import (
	"context"
	"net"
	"time"
)

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

// Read is conn.Read made to listen to ctx. conn.Read takes no context, so
// when ctx is done, context.AfterFunc sets a read deadline in the past, and
// the blocked Read returns, with context.Cause(ctx). The deadline stays:
// later reads fail at once, until the caller sets another.
func Read(ctx context.Context, conn net.Conn, buf []byte) (int, error) {
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer stop()
	n, err := conn.Read(buf)
	if err != nil && ctx.Err() != nil {
		return n, context.Cause(ctx)
	}
	return n, err
}
