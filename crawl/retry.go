package crawl

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"fetchbench"
)

// transient reports whether a page's failure is worth another try: a 429,
// 502, 503 or 504, a connection reset or cut short, or the page's own
// timeout. Anything else is final: another status, a page that is not
// HTML or too large, a refused connection, a bad certificate. Once ctx is
// done nothing is transient: the crawl, not the page, ended.
func transient(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var se *fetchbench.StatusError
	if errors.As(err, &se) {
		switch se.Code {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	return errors.Is(err, context.DeadlineExceeded) || // Options.Timeout: ctx itself is not done
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.ErrUnexpectedEOF) || // the connection closed mid-body
		errors.Is(err, io.EOF) || // or before the response
		strings.Contains(err.Error(), "stream error:") // HTTP/2's RST_STREAM, whose type net/http does not export
}

// retryWait returns how long to wait before try n+1 (n counts from 1),
// after a transient failure: the Retry-After the server sent, in seconds
// or as an HTTP date, cut to MaxRetryAfter; or else exponential backoff
// with jitter.
func retryWait(retryAfter string, n int) time.Duration {
	if d, ok := parseRetryAfter(retryAfter); ok {
		return min(d, MaxRetryAfter)
	}
	d := MaxBackoff
	if n-1 < 16 { // beyond that, the shift overflows and the cap applies anyway
		d = min(BackoffBase<<(n-1), MaxBackoff)
	}
	// "Equal jitter": half the wait is fixed, so it never collapses to 0,
	// and half random, so clients that failed together spread out.
	return d/2 + rand.N(d/2+1)
}

// parseRetryAfter reads a Retry-After header (RFC 9110, section 10.2.3):
// a number of seconds, or an HTTP date. A date in the past means now.
func parseRetryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, int64(MaxRetryAfter/time.Second)+1)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// sleep waits d, and reports false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
