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
	// ErrInvalidURL means the URL, or a redirect's target, did not parse,
	// or is not an absolute http or https URL with a host.
	ErrInvalidURL = errors.New("invalid URL")

	// ErrURLTooLong means a URL was longer than MaxURLBytes: the URL given,
	// a redirect's target, or the page's base, against which its relative
	// srcs resolve.
	ErrURLTooLong = errors.New("URL too long")

	// ErrNotHTML means the response's media type is not text/html. XHTML,
	// application/xhtml+xml, is refused too: it is XML, which the HTML
	// tokenizer would misread (<script src=a.js/> has no end tag there).
	ErrNotHTML = errors.New("not an HTML page")

	// ErrContentEncoding means the body came with a Content-Encoding that
	// the client did not decode, such as br, deflate or "gzip, gzip".
	ErrContentEncoding = errors.New("undecoded Content-Encoding")

	// ErrTooLarge means the body was longer than Options.MaxBodyBytes, that
	// one token of it (a tag, a comment or a run of text) reached
	// MaxTokenBytes, or that resolving the page's src attributes would cost
	// more than Options.MaxBodyBytes.
	ErrTooLarge = errors.New("page exceeds the size cap")

	// ErrTooManyScripts means the page has more than Options.MaxScripts
	// scripts.
	ErrTooManyScripts = errors.New("too many scripts")

	// ErrTooManyRedirects means a client from NewClient gave up after
	// MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("too many redirects")

	// ErrNotFetched means the run's context was done before the page was
	// begun, so no request was sent for it. It is always wrapped together
	// with the context's error, so errors.Is(err, ctx.Err()) also holds. A
	// page whose request was cut short once begun carries ctx's error
	// alone.
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
