package fetchbench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Get fetches one page and parses its scripts. It is the per-page step that
// every style calls; only the orchestration around it differs.
//
// Get always returns a Page with URL set to rawURL. On failure Page.Err says
// why (see ErrInvalidURL, ErrURLTooLong, ErrNotHTML, ErrContentEncoding,
// ErrTooLarge, ErrTooManyScripts, ErrTooManyRedirects, ErrNotFetched and
// StatusError), and Scripts is nil. When the failure came from ctx or
// Options.Timeout, Err also wraps ctx's error, so errors.Is(err,
// context.DeadlineExceeded) or context.Canceled holds.
//
// Options.Timeout covers the whole step: fetch, parse and the resolution of
// each src. With a client from NewClient, Get returns at most 1 s after the
// timeout or a cancel of ctx, whatever the server does (docs/reliability.md).
// Whatever a page holds, its memory is bounded by Options.MaxBodyBytes,
// Options.MaxScripts, MaxURLBytes and MaxTokenBytes, and so is its time,
// apart from waiting on the server.
//
// The body is always closed. A rest of it that Get does not need is read
// first only when that is cheap, so that its connection can be reused: at
// most 256 KiB of known length, for at most 50 ms. A failed response never
// waits for its body longer than that.
//
// Get does not panic on anything a server sends, given a non-nil client. It
// does not recover panics either: a panic in the client's RoundTripper or
// CheckRedirect reaches the caller, as it does from http.Client.Do. Such a
// panic is a bug in that code, and a page error would hide it; net/http's
// Client and errgroup make the same choice, and let it crash the program.
func Get(ctx context.Context, client *http.Client, rawURL string, opts Options) Page {
	if ctx.Err() != nil {
		return NotFetched(ctx, rawURL)
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	start := time.Now()
	page := Page{URL: rawURL}
	if tl := timelineFrom(ctx); tl != nil {
		var pt *pageTrace
		ctx, pt = tl.startTrace(ctx, rawURL)
		defer pt.finish(&page)
	}
	if err := fetch(ctx, client, &page, opts); err != nil {
		page.Scripts = nil
		page.Err = err
	}
	page.Elapsed = time.Since(start)
	return page
}

// fetch does the work of Get, filling in page as it learns more.
func fetch(ctx context.Context, client *http.Client, page *Page, opts Options) error {
	reqCtx, cancelReq := requestContext(ctx)
	defer cancelReq()
	req, err := newRequest(reqCtx, page.URL)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		if resp == nil { // a request failed to send, not CheckRedirect
			err = redirectErr(err)
		}
		return wrapCtxErr(ctx, err)
	}
	defer drainAndClose(resp, cancelReq)

	page.Status = resp.StatusCode
	final := req.URL
	if resp.Request != nil { // set by a Transport; a hand-written RoundTripper may not
		final = resp.Request.URL
	}
	page.FinalURL = final.String()
	if err := checkURL(final); err != nil {
		return err // a client other than NewClient's may follow any redirect
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Code: resp.StatusCode}
	}
	if err := checkEncoding(resp.Header); err != nil {
		return err
	}
	declared := resp.Header.Get("Content-Type")
	if declared != "" {
		if err := checkHTML(declared); err != nil {
			return err // before reading a byte of the body
		}
	}

	// Peek at the start of the body: it is what sniffing and charset
	// detection read when the headers don't say.
	maxBody := opts.maxBody()
	body := &cappedReader{ctx: ctx, r: resp.Body, max: maxBody}
	br := bufio.NewReaderSize(body, 1024)
	head, err := br.Peek(1024)
	page.Bytes = body.n
	if err != nil && err != io.EOF {
		return wrapCtxErr(ctx, err)
	}
	if declared == "" {
		if err := checkHTML(http.DetectContentType(head)); err != nil {
			return err
		}
	}

	parsed, err := scan(decode(br, head, declared), opts.maxScripts())
	page.Bytes = body.n
	if err != nil {
		return wrapCtxErr(ctx, err)
	}
	page.Scripts, err = resolve(ctx, parsed, final, maxBody)
	return err
}

// requestContext returns the context of a page's request. It ends when ctx
// does, and when the returned cancel is called, so that drainAndClose can
// cut short a body that Get no longer needs. Its cause is only ever ctx.Err():
// net/http fails a cancelled request with its context's cause, and ctx's may
// be another page's error, since errgroup cancels with the first one.
func requestContext(ctx context.Context) (context.Context, context.CancelFunc) {
	reqCtx, cancel := context.WithCancelCause(deadlineOf{context.WithoutCancel(ctx), ctx})
	stop := context.AfterFunc(ctx, func() { cancel(ctx.Err()) })
	return reqCtx, func() { stop(); cancel(nil) }
}

// deadlineOf is a context that reports parent's deadline, which
// context.WithoutCancel drops, without a timer of its own: a dialer reads
// the deadline to share what is left of the time among a host's addresses.
// A second timer for the same instant would race parent's, and could fail
// the request while parent.Err() is still nil.
type deadlineOf struct {
	context.Context
	parent context.Context
}

func (c deadlineOf) Deadline() (time.Time, bool) { return c.parent.Deadline() }

// newRequest builds the GET request. It accepts only absolute http and https
// URLs with a host: "example.com/page" has no scheme, and "localhost:8080"
// parses as the scheme "localhost".
func newRequest(ctx context.Context, rawURL string) (*http.Request, error) {
	if len(rawURL) > MaxURLBytes {
		return nil, fmt.Errorf("%w: %d bytes, over %d", ErrURLTooLong, len(rawURL), MaxURLBytes)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidURL, err)
	}
	if err := checkURL(req.URL); err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/html")
	req.Header.Set("User-Agent", "fetchbench")
	return req, nil
}

// wrapCtxErr returns the error of a failed request or read, wrapping ctx's
// error too once ctx is done: some errors from net/http say "context deadline
// exceeded" without wrapping it. A page over a cap is not ctx's doing.
func wrapCtxErr(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) &&
		!errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrTooManyScripts) {
		return fmt.Errorf("%w: %w", ctxErr, err)
	}
	return err
}
