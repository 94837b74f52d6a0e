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
	"time"

	"golang.org/x/net/html/charset"
)

// Get fetches one page and parses its scripts. It is the per-page step that
// every style calls; only the orchestration around it differs.
//
// Get never panics and always returns a Page with URL set to rawURL. On
// failure Page.Err says why (see ErrInvalidURL, ErrNotHTML, ErrTooLarge,
// ErrNotFetched and StatusError), and Scripts is nil. When the failure
// came from ctx or Options.Timeout, Err also wraps ctx's error, so
// errors.Is(err, context.DeadlineExceeded) or context.Canceled holds.
//
// Options.Timeout covers the whole step, fetch and parse. The body is always
// closed, after a bounded drain so that its connection can be reused.
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
		page.Err = withContext(ctx, err)
	}
	page.Elapsed = time.Since(start)
	return page
}

// fetch does the work of Get, filling in page as it learns more.
func fetch(ctx context.Context, client *http.Client, page *Page, maxBody int64) error {
	u, err := parseURL(page.URL)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidURL, err)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	req.Header.Set("User-Agent", "fetchbench")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer drainAndClose(resp.Body)

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
		return err
	}
	contentType := resp.Header.Get("Content-Type")
	if contentType == "" {
		contentType = http.DetectContentType(head)
	}
	if err := checkHTML(contentType); err != nil {
		return err
	}

	var r io.Reader = br
	if enc, name, _ := charset.DetermineEncoding(head, contentType); name != "utf-8" {
		r = enc.NewDecoder().Reader(br) // the tokenizer reads UTF-8 only
	}
	scripts, base, err := parse(r)
	page.Bytes = body.n
	if err != nil {
		return err
	}
	page.Scripts = resolve(scripts, resp.Request.URL, base)
	return nil
}

// parseURL accepts only absolute http and https URLs with a host.
func parseURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w %q: scheme must be http or https", ErrInvalidURL, rawURL)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%w %q: no host", ErrInvalidURL, rawURL)
	}
	return u, nil
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

// withContext makes sure that an error caused by ctx wraps ctx's error. Some
// errors from net/http say "context deadline exceeded" without wrapping it.
func withContext(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w: %w", ctxErr, err)
	}
	return err
}

// maxDrain bounds how much of an unread body drainAndClose reads. Reading a
// body to EOF lets the Transport reuse its connection; past this much, a new
// connection is cheaper than reading on.
const maxDrain = 256 << 10

func drainAndClose(body io.ReadCloser) {
	io.Copy(io.Discard, io.LimitReader(body, maxDrain))
	body.Close()
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
