package fetchbench

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

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
