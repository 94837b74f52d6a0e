package fetchbench

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// Get fetches one page and parses its scripts. It is the per-page step that
// every style calls; only the orchestration around it differs.
//
// Get never panics (given a non-nil client) and always returns a Page with
// URL set to rawURL. On failure Page.Err says why (see ErrInvalidURL,
// ErrNotHTML, ErrTooLarge, ErrTooManyRedirects, ErrNotFetched and
// StatusError), and Scripts is nil. When the failure came from ctx or
// Options.Timeout, Err also wraps ctx's error, so errors.Is(err,
// context.DeadlineExceeded) or context.Canceled holds.
//
// Options.Timeout covers the whole step, fetch and parse. The body is always
// closed, after reading a short rest of it so that its connection can be
// reused.
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
	if err := fetch(ctx, client, &page, opts.maxBody()); err != nil {
		page.Scripts = nil
		page.Err = err
	}
	page.Elapsed = time.Since(start)
	return page
}

// fetch does the work of Get, filling in page as it learns more.
func fetch(ctx context.Context, client *http.Client, page *Page, maxBody int64) error {
	req, err := newRequest(ctx, page.URL)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return wrapCtxErr(ctx, err)
	}
	defer drainAndClose(resp)

	page.Status = resp.StatusCode
	page.FinalURL = resp.Request.URL.String()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Code: resp.StatusCode}
	}

	// Peek at the start of the body: it is what sniffing and charset
	// detection read when the headers don't say.
	body := &cappedReader{r: resp.Body, max: maxBody}
	br := bufio.NewReaderSize(body, 1024)
	head, err := br.Peek(1024)
	page.Bytes = body.n
	if err != nil && err != io.EOF {
		return wrapCtxErr(ctx, err)
	}
	declared := resp.Header.Get("Content-Type")
	if err := checkHTML(cmp.Or(declared, http.DetectContentType(head))); err != nil {
		return err
	}

	scripts, base, err := parse(decode(br, head, declared))
	page.Bytes = body.n
	if err != nil {
		return wrapCtxErr(ctx, err)
	}
	page.Scripts = resolve(scripts, resp.Request.URL, base)
	return nil
}

// newRequest builds the GET request. It accepts only absolute http and https
// URLs with a host: "example.com/page" has no scheme, and "localhost:8080"
// parses as the scheme "localhost".
func newRequest(ctx context.Context, rawURL string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidURL, err)
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return nil, fmt.Errorf("%w %q: scheme must be http or https", ErrInvalidURL, rawURL)
	}
	if req.URL.Host == "" {
		return nil, fmt.Errorf("%w %q: no host", ErrInvalidURL, rawURL)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	req.Header.Set("User-Agent", "fetchbench")
	return req, nil
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
	enc, name, certain := charset.DetermineEncoding(head, contentType)
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

// checkHTML accepts the HTML media types, whatever their parameters.
func checkHTML(contentType string) error {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err == nil && (mediaType == "text/html" || mediaType == "application/xhtml+xml") {
		return nil
	}
	return fmt.Errorf("%w: Content-Type %q", ErrNotHTML, contentType)
}

// resolve makes each src absolute: relative to the page's <base href> if it
// has one, which is itself relative to the final URL after redirects.
func resolve(scripts []Script, final *url.URL, baseHref string) []Script {
	base := final
	if b, err := final.Parse(baseHref); baseHref != "" && err == nil {
		base = b
	}
	for i, s := range scripts {
		if s.Src == "" {
			continue
		}
		if u, err := base.Parse(s.Src); err == nil {
			scripts[i].Src = u.String()
		} // else keep the src as written: a bad src is the page's problem, not ours
	}
	return scripts
}

// wrapCtxErr returns the error of a failed request or read, wrapping ctx's
// error too once ctx is done: some errors from net/http say "context deadline
// exceeded" without wrapping it. A body over the cap is not ctx's doing.
func wrapCtxErr(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) && !errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("%w: %w", ctxErr, err)
	}
	return err
}

// maxDrain is the longest unread body that drainAndClose reads to the end.
const maxDrain = 256 << 10

// drainAndClose closes a response's body. Reading a body to its end lets the
// Transport reuse the connection, so a short rest of known length is read
// first. A long or unknown rest is not worth the wait: closing it closes
// the connection too.
func drainAndClose(resp *http.Response) {
	if resp.ContentLength >= 0 && resp.ContentLength <= maxDrain {
		io.Copy(io.Discard, resp.Body)
	}
	resp.Body.Close()
}

// cappedReader reads at most max bytes from r. Reading past the cap fails
// with ErrTooLarge, so that a long body is never truncated silently.
type cappedReader struct {
	r   io.Reader
	max int64
	n   int64 // bytes read so far
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.n >= c.max {
		// At the cap: one more byte means the body is too large.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%w of %d bytes", ErrTooLarge, c.max)
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
