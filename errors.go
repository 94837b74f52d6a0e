package fetchbench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Errors that Get puts in Page.Err. Test for them with errors.Is: they are
// wrapped with details, so comparing with == does not work.
var (
	// ErrInvalidURL means the URL did not parse, or is not an absolute
	// http or https URL with a host.
	ErrInvalidURL = errors.New("invalid URL")

	// ErrNotHTML means the response's media type is not text/html or
	// application/xhtml+xml.
	ErrNotHTML = errors.New("not an HTML page")

	// ErrTooLarge means the body was longer than Options.MaxBodyBytes.
	ErrTooLarge = errors.New("body exceeds the size cap")

	// ErrTooManyRedirects means a client from NewClient gave up after
	// MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("too many redirects")

	// ErrNotFetched means the run was cancelled before the page's request
	// was sent. It is always wrapped together with the context's error, so
	// errors.Is(err, context.Canceled) also holds.
	ErrNotFetched = errors.New("not fetched")
)

// A StatusError reports a response whose status code is not 2xx.
// Find it with errors.As.
type StatusError struct {
	Code int // the HTTP status code, e.g. 404
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP status %d %s", e.Code, http.StatusText(e.Code))
}

// NotFetched returns the Page for a URL that a style skipped because ctx was
// done before it could fetch the page. Its Err wraps both ErrNotFetched and
// ctx.Err().
func NotFetched(ctx context.Context, url string) Page {
	return Page{URL: url, Err: fmt.Errorf("%w: %w", ErrNotFetched, ctx.Err())}
}
