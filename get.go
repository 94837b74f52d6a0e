package fetchbench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
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
// each src. Whatever a page holds, its memory is bounded by
// Options.MaxBodyBytes, Options.MaxScripts and MaxURLBytes, and so is its
// time, apart from waiting on the server.
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
// be another page's error, since errgroup cancels with the first one. It
// keeps ctx's deadline, which context.WithoutCancel drops with the cancel: a
// dialer reads it to share what is left of the time among a host's
// addresses.
func requestContext(ctx context.Context) (context.Context, context.CancelFunc) {
	reqCtx, stopDeadline := context.WithoutCancel(ctx), context.CancelFunc(func() {})
	if deadline, ok := ctx.Deadline(); ok {
		reqCtx, stopDeadline = context.WithDeadline(reqCtx, deadline)
	}
	reqCtx, cancel := context.WithCancelCause(reqCtx)
	stop := context.AfterFunc(ctx, func() { cancel(ctx.Err()) })
	return reqCtx, func() { stop(); cancel(nil); stopDeadline() }
}

// MaxURLBytes is the longest URL that Get accepts: the URL it is given, a
// redirect's target, and a page's base (its final URL, or its <base href>
// resolved against that). A longer one fails with ErrURLTooLong. Every
// relative src copies the base, so without a cap a 354 KB page with a
// 256 KiB <base href> made gigabytes of URLs. RFC 9110 recommends that
// every sender and recipient support URLs of at least 8,000 bytes, and many
// servers accept not much more.
const MaxURLBytes = 8 << 10

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

// checkURL accepts an absolute http or https URL with a host, of at most
// MaxURLBytes.
func checkURL(u *url.URL) error {
	if s := u.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("%w %q: scheme must be http or https", ErrInvalidURL, u.Redacted())
	}
	if u.Host == "" {
		return fmt.Errorf("%w %q: no host", ErrInvalidURL, u.Redacted())
	}
	if n := len(u.String()); n > MaxURLBytes {
		return fmt.Errorf("%w: %d bytes, over %d", ErrURLTooLong, n, MaxURLBytes)
	}
	return nil
}

// redirectErr types the failure to send a request to a URL that no client
// should follow: net/http fails one to ftp:// with an untyped "unsupported
// protocol scheme". Get checked the URL it was given, so a bad URL here is a
// redirect's target.
func redirectErr(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		return fmt.Errorf("redirect to %w: %w", ErrInvalidURL, err)
	}
	if cerr := checkURL(u); cerr != nil {
		return fmt.Errorf("redirect to %w", cerr)
	}
	return err
}

// checkEncoding fails a body that is still encoded. The Transport decodes
// gzip when it asked for it, and then removes the header; any other coding
// left would be parsed as HTML, and give a wrong answer.
func checkEncoding(h http.Header) error {
	for _, v := range h.Values("Content-Encoding") {
		for coding := range strings.SplitSeq(v, ",") {
			if coding = strings.TrimSpace(coding); coding != "" && !strings.EqualFold(coding, "identity") {
				return fmt.Errorf("%w: %q", ErrContentEncoding, v)
			}
		}
	}
	return nil
}

// decode returns the body as UTF-8, the only encoding the tokenizer reads.
// html/charset finds the charset in a byte-order mark, the Content-Type
// header or a <meta> tag. When none of them names one, HTML's fallback is
// windows-1252; but a head of plain ASCII is read as UTF-8 here, as most of
// the web is, so that an unlabelled page with UTF-8 further down is not
// garbled. (A <meta> that declares windows-1252 over an ASCII head is read as
// UTF-8 too: html/charset does not say which of the two it found, and the
// markup a parser needs is ASCII in both.)
func decode(r io.Reader, head []byte, contentType string) io.Reader {
	enc, name, certain := charset.DetermineEncoding(head, charsetOnly(contentType))
	if name == "utf-8" || !certain && name == "windows-1252" && isASCII(head) {
		return r
	}
	return enc.NewDecoder().Reader(r)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// checkHTML accepts text/html, judged on the media type alone: a broken
// parameter, such as "charset=" with no value, does not stop a browser from
// rendering the page, and decode reads the charset on its own. XHTML is
// refused: it is XML, and the HTML tokenizer would misread it.
func checkHTML(contentType string) error {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil && err != mime.ErrInvalidMediaParameter || mediaType != "text/html" {
		return fmt.Errorf("%w: Content-Type %q", ErrNotHTML, contentType)
	}
	return nil
}

// charsetOnly returns a Content-Type that holds only contentType's charset,
// the first parameter of that name that is well formed, as a browser reads
// it: "text/html; charset=utf-16le; x" names UTF-16LE, though the x makes
// mime.ParseMediaType, and so html/charset, reject the whole header.
func charsetOnly(contentType string) string {
	_, params, _ := strings.Cut(contentType, ";")
	for param := range strings.SplitSeq(params, ";") {
		name, value, ok := strings.Cut(param, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "charset") {
			continue
		}
		value = strings.Trim(strings.TrimSpace(value), `"`)
		if value == "" {
			continue
		}
		return mime.FormatMediaType("text/html", map[string]string{"charset": value})
	}
	return ""
}

// resolve makes each src absolute: relative to the page's <base href> if
// the script comes after it, which is itself relative to the final URL after
// redirects, and otherwise relative to the final URL. Resolving a src reads
// the whole base, and may copy it, so the base may be at most MaxURLBytes,
// and each src costs the longer of its base and its result, at most maxBytes
// in all. A src is checked against what is left before it is parsed, with
// room for the worst its escaping can do, so that one long src cannot cost
// many times maxBytes, or much time, before it is found to be over the cap.
// ctx is checked at each src.
func resolve(ctx context.Context, p parsed, final *url.URL, maxBytes int64) ([]Script, error) {
	final = withoutUser(final)
	base := final
	if b, err := final.Parse(p.base); p.base != "" && err == nil {
		base = withoutUser(b)
	}
	baseLen := len(base.String())
	if baseLen > MaxURLBytes {
		return nil, fmt.Errorf("%w: the page's base has %d bytes, over %d", ErrURLTooLong, baseLen, MaxURLBytes)
	}
	finalLen := len(final.String())
	var cost int64
	scripts := p.scripts
	for i, s := range scripts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if s.Src == "" {
			continue
		}
		b, bLen := base, baseLen
		if i < p.baseAt {
			b, bLen = final, finalLen
		}
		// Escaping turns one byte into at most three ("é" is %C3%A9), and a
		// relative path may gain a "./".
		if worst := int64(bLen + 3*len(s.Src) + len("./")); cost+worst > maxBytes {
			return nil, fmt.Errorf("%w: a src of %d bytes may cost %d bytes to resolve, over the %d left of %d",
				ErrTooLarge, len(s.Src), worst, maxBytes-cost, maxBytes)
		}
		u, err := b.Parse(s.Src)
		if err != nil {
			continue // keep the src as written: a bad src is the page's problem, not ours
		}
		scripts[i].Src = u.String()
		if cost += int64(max(bLen, len(scripts[i].Src))); cost > maxBytes {
			return nil, fmt.Errorf("%w: resolving srcs against a %d-byte base costs over %d bytes", ErrTooLarge, bLen, maxBytes)
		}
	}
	return scripts, ctx.Err()
}

// withoutUser returns u without its user:password@. The caller's credentials
// stay in the request: a src printed or fetched later must not carry them.
func withoutUser(u *url.URL) *url.URL {
	if u.User == nil {
		return u
	}
	v := *u
	v.User = nil
	return &v
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

// maxDrain and drainTime bound what drainAndClose reads of a body's rest.
const (
	maxDrain  = 256 << 10
	drainTime = 50 * time.Millisecond
)

// drainAndClose closes a response's body. Reading a body to its end lets the
// Transport reuse the connection, so a short rest of known length is read
// first, for at most drainTime: then cancel, the request's own cancel, cuts
// it short. A long or unknown rest, or a slow one, is not worth the wait:
// closing it closes the connection too.
func drainAndClose(resp *http.Response, cancel context.CancelFunc) {
	if resp.ContentLength >= 0 && resp.ContentLength <= maxDrain {
		t := time.AfterFunc(drainTime, cancel)
		io.CopyN(io.Discard, resp.Body, maxDrain)
		t.Stop()
	}
	resp.Body.Close()
}

// cappedReader reads at most max bytes from r. Reading past the cap fails
// with ErrTooLarge, so that a long body is never truncated silently. Each
// read checks ctx first, so Options.Timeout covers the parse whatever the
// client's bodies do.
type cappedReader struct {
	ctx context.Context
	r   io.Reader
	max int64
	n   int64 // bytes read so far
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if c.n >= c.max {
		// At the cap: one more byte means the body is too large.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: body over %d bytes", ErrTooLarge, c.max)
		}
		return 0, err
	}
	if rest := c.max - c.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
