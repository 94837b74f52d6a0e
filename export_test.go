package fetchbench

import (
	"context"
	"net/http/httptrace"
)

// DrainTime is how long Get reads the rest of a body it does not need.
const DrainTime = drainTime

// WriteByteTimeout is how long a client from NewClient waits to write a
// byte to an HTTP/2 connection before it closes the connection.
const WriteByteTimeout = writeByteTimeout

// TraceHooks returns a Timeline's hooks for one page, and a func that ends
// the page, so that a test can fire them in any order.
func TraceHooks(tl *Timeline, url string) (*httptrace.ClientTrace, func()) {
	ctx, pt := tl.startTrace(context.Background(), url)
	return httptrace.ContextClientTrace(ctx), func() { pt.finish(&Page{}) }
}
