package fetchbench_test

// Hostile pages: what a server nobody here wrote may send, and what Get must
// answer (issue 11). Each page is served by its own handler, on loopback when
// the test needs net/http's real Transport, or by an in-memory RoundTripper
// inside a synctest bubble when it is about time.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"fetchbench"
)

// longBasePage is issue 11's first page: a <base href> of about baseLen
// bytes, then n scripts whose src, "#", resolves to the base itself.
func longBasePage(baseLen, n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<base href="/` + strings.Repeat("A", baseLen) + `/">`)
	for range n {
		b.WriteString(`<script src=#></script>`)
	}
	return b.Bytes()
}

// svgScriptsPage is issue 11's second page: size bytes of empty SVG
// scripts, each of which the parser must count.
// They sit in one <svg>: before MaxForeignDepth each came in an <svg> of
// its own, nested in the last, and the page now stops at 512 of those.
func svgScriptsPage(size int) []byte {
	const tag = "<script/>"
	return append([]byte("<svg>"), bytes.Repeat([]byte(tag), (size-len("<svg>"))/len(tag))...)
}

// foreignMissesPage returns about size bytes: an <svg> with n nested <g>,
// n end tags that match no open element, then </svg> and one script.
func foreignMissesPage(size int) []byte {
	n := (size - 64) / len("<g></x>")
	page := "<svg>" + strings.Repeat("<g>", n) + strings.Repeat("</x>", n) + `</svg><script src="a.js"></script>`
	return []byte(page)
}

// serveHTML serves page as text/html on loopback and returns its URL and a
// client for it.
func serveHTML(t *testing.T, page []byte) (string, *http.Client) {
	t.Helper()
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(page)
	})
}

// noLeaks checks for leaked goroutines after the test's cleanups, which
// close its servers, have run.
func noLeaks(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
}

// serve starts a loopback server for h, closed at the end of the test.
func serve(t *testing.T, h http.HandlerFunc) (string, *http.Client) {
	t.Helper()
	ts := httptest.NewServer(h)
	client := fetchbench.NewClient(1)
	t.Cleanup(func() {
		client.CloseIdleConnections()
		ts.Close()
	})
	return ts.URL, client
}

// §1: a long <base href> multiplied by every script made Get use gigabytes
// and ignore its timeout. Now the base is checked once, against MaxURLBytes.
func TestGetLongBase(t *testing.T) {
	noLeaks(t)
	url, client := serveHTML(t, longBasePage(256<<10, 100))
	p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
	require.ErrorIs(t, p.Err, fetchbench.ErrURLTooLong)
	assert.Nil(t, p.Scripts)
}

// A base of exactly MaxURLBytes is fine; one byte more is not.
func TestGetBaseCap(t *testing.T) {
	noLeaks(t)
	const host = "http://example.test/"
	base := host + strings.Repeat("A", fetchbench.MaxURLBytes-len(host)-1) + "/"
	require.Len(t, base, fetchbench.MaxURLBytes)

	url, client := serveHTML(t, []byte(`<base href="`+base+`"><script src=a.js></script>`))
	p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
	require.NoError(t, p.Err)
	require.Len(t, p.Scripts, 1)
	assert.Equal(t, base+"a.js", p.Scripts[0].Src)

	url, client = serveHTML(t, []byte(`<base href="`+base+`B"><script src=a.js></script>`))
	p = fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
	require.ErrorIs(t, p.Err, fetchbench.ErrURLTooLong)
}

// A long redirect Location does what a long <base> did, with no <base> at
// all: NewClient's client refuses to follow it, and Get checks the final
// URL whatever the client.
func TestGetLongRedirect(t *testing.T) {
	noLeaks(t)
	long := "/" + strings.Repeat("A", 256<<10)
	url, client := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			http.Redirect(w, r, long, http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, strings.Repeat(`<script src=#></script>`, 100))
	})
	for name, c := range map[string]*http.Client{"NewClient": client, "plain": {}} {
		p := fetchbench.Get(t.Context(), c, url, fetchbench.Options{})
		require.ErrorIs(t, p.Err, fetchbench.ErrURLTooLong, name)
		assert.Nil(t, p.Scripts, name)
		c.CloseIdleConnections()
	}
}

func TestGetLongURL(t *testing.T) {
	url := "http://example.com/" + strings.Repeat("A", fetchbench.MaxURLBytes)
	p := fetchbench.Get(t.Context(), http.DefaultClient, url, fetchbench.Options{})
	require.ErrorIs(t, p.Err, fetchbench.ErrURLTooLong)
	assert.Zero(t, p.Status, "no request is sent")
}

// Resolving srcs may cost at most MaxBodyBytes, however short the body: each
// src counts as the longer of its resolved URL and the page's base. 80 srcs
// against a 4 KiB base come to 320 KiB, whether they copy the base ("#") or
// only read it ("/x.js", which the escaped base must still be escaped for).
func TestGetResolvedSrcCap(t *testing.T) {
	noLeaks(t)
	pages := map[string][]byte{
		"copies": longBasePage(4<<10, 80),
		"reads":  []byte(`<base href="/` + strings.Repeat(" ", 1300) + `/">` + strings.Repeat(`<script src=/x.js></script>`, 80)),
	}
	for name, page := range pages {
		url, client := serveHTML(t, page)
		opts := fetchbench.Options{MaxBodyBytes: 64 << 10}
		require.Less(t, len(page), 64<<10)
		p := fetchbench.Get(t.Context(), client, url, opts)
		require.ErrorIs(t, p.Err, fetchbench.ErrTooLarge, name)
		assert.Nil(t, p.Scripts)

		opts.MaxBodyBytes = 1 << 20 // room for them all
		p = fetchbench.Get(t.Context(), client, url, opts)
		require.NoError(t, p.Err, name)
		assert.Len(t, p.Scripts, 80)
	}
}

// roundTripFunc is an in-memory http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// atEOF is a body that calls its func when the reader reaches its end, before
// it returns io.EOF: the page has been read, and Get has not yet resolved
// its scripts.
type atEOF struct {
	r    io.Reader
	done func()
}

func (b *atEOF) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		b.done()
	}
	return n, err
}

func (b *atEOF) Close() error { return nil }

// clientAtEOF returns a client whose every response is page, and that calls
// done once the body has been read.
func clientAtEOF(page []byte, done func()) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode:    http.StatusOK,
			Header:        http.Header{"Content-Type": {"text/html"}},
			Body:          &atEOF{r: bytes.NewReader(page), done: done},
			ContentLength: int64(len(page)),
			Request:       r,
		}, nil
	})}
}

// Timeout and cancellation cover the work after the body is read: a page
// whose time ran out while it was parsed has failed, even if its body came.
func TestGetCancelAfterBody(t *testing.T) {
	page := []byte(`<script src=a.js></script>`)
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		p := fetchbench.Get(ctx, clientAtEOF(page, cancel), "http://example.test/", fetchbench.Options{})
		require.ErrorIs(t, p.Err, context.Canceled)
		assert.Nil(t, p.Scripts)
	})
	t.Run("timeout", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			const timeout = time.Second
			overrun := func() { time.Sleep(timeout + time.Millisecond) } // fake time
			p := fetchbench.Get(t.Context(), clientAtEOF(page, overrun), "http://example.test/", fetchbench.Options{Timeout: timeout})
			require.ErrorIs(t, p.Err, context.DeadlineExceeded)
			assert.Nil(t, p.Scripts)
		})
	})
}

// §2: 10 MiB of <svg><script/> made 1.1 million Scripts and 428 MiB. Over
// Options.MaxScripts a page fails, and its parse stops there.
func TestGetMaxScripts(t *testing.T) {
	noLeaks(t)
	const max = 100
	for _, n := range []int{max, max + 1} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			noLeaks(t)
			page := append(svgScriptsPage(len("<svg>")+n*len("<script/>")), bytes.Repeat([]byte("<p>filler</p>"), 1<<16)...)
			url, client := serveHTML(t, page)
			p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{MaxScripts: max})
			if n <= max {
				require.NoError(t, p.Err)
				assert.Len(t, p.Scripts, n)
				return
			}
			require.ErrorIs(t, p.Err, fetchbench.ErrTooManyScripts)
			assert.Nil(t, p.Scripts)
			assert.Less(t, p.Bytes, int64(len(page)/2), "the parse stops at the script over the cap")
		})
	}
}

func TestGetDefaultMaxScripts(t *testing.T) {
	noLeaks(t)
	page := svgScriptsPage(len("<svg>") + (fetchbench.DefaultMaxScripts+1)*len("<script/>"))
	url, client := serveHTML(t, page)
	p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
	require.ErrorIs(t, p.Err, fetchbench.ErrTooManyScripts)
}

// §3: an encoding the Transport did not decode is not HTML to parse.
func TestGetUndecodedEncoding(t *testing.T) {
	noLeaks(t)
	tests := []struct {
		encoding string
		err      error
	}{
		{"deflate", fetchbench.ErrContentEncoding},
		{"br", fetchbench.ErrContentEncoding},
		{"gzip, gzip", fetchbench.ErrContentEncoding},
		{"x-custom", fetchbench.ErrContentEncoding},
		{"identity", nil},
	}
	for _, tt := range tests {
		url, client := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", tt.encoding)
			io.WriteString(w, `<script src=a.js></script>`)
		})
		p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
		if tt.err == nil {
			require.NoError(t, p.Err, tt.encoding)
			assert.Len(t, p.Scripts, 1)
			continue
		}
		require.ErrorIs(t, p.Err, tt.err, tt.encoding)
		assert.Nil(t, p.Scripts, tt.encoding)
	}
}

// A chain of n redirects: /r/n redirects to /r/n-1, and /r/0 is a page.
func redirectChain(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if n > 0 {
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, `<script src=a.js></script>`)
}

// NewClient follows exactly MaxRedirects redirects.
func TestGetMaxRedirects(t *testing.T) {
	noLeaks(t)
	url, client := serve(t, redirectChain)
	p := fetchbench.Get(t.Context(), client, fmt.Sprintf("%s/r/%d", url, fetchbench.MaxRedirects), fetchbench.Options{})
	require.NoError(t, p.Err)
	assert.Equal(t, url+"/r/0", p.FinalURL)
	assert.Len(t, p.Scripts, 1)

	p = fetchbench.Get(t.Context(), client, fmt.Sprintf("%s/r/%d", url, fetchbench.MaxRedirects+1), fetchbench.Options{})
	require.ErrorIs(t, p.Err, fetchbench.ErrTooManyRedirects)
}

// A redirect away from http and https is an invalid URL, whatever the
// client: NewClient's refuses it, and a plain one fails to send it.
func TestGetRedirectScheme(t *testing.T) {
	noLeaks(t)
	for _, target := range []string{"ftp://example.com/x", "file:///etc/passwd", "mailto:a@example.com", "http:///no-host"} {
		url, client := serve(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target, http.StatusFound)
		})
		for name, c := range map[string]*http.Client{"NewClient": client, "plain": {}} {
			p := fetchbench.Get(t.Context(), c, url, fetchbench.Options{})
			require.ErrorIs(t, p.Err, fetchbench.ErrInvalidURL, "%s to %s", name, target)
			c.CloseIdleConnections()
		}
	}
}

// The media type alone decides: a broken parameter such as an empty charset
// does not make HTML into something else. A browser renders these.
func TestGetMediaTypeParams(t *testing.T) {
	noLeaks(t)
	tests := []struct {
		contentType string
		html        bool
	}{
		{"text/html; charset=", true},
		{"text/html; charset", true},
		{"text/html;", true},
		{"TEXT/HTML; Charset=UTF-8", true},
		{"text/html; charset=utf-8; x", true},
		{"application/xhtml+xml; charset=", false}, // XHTML is refused
		{"text/plain; charset=", false},
		{"text/html/x", false},
	}
	for _, tt := range tests {
		url, client := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", tt.contentType)
			io.WriteString(w, `<p>café</p><script src=a.js></script>`)
		})
		p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
		if !tt.html {
			require.ErrorIs(t, p.Err, fetchbench.ErrNotHTML, tt.contentType)
			continue
		}
		require.NoError(t, p.Err, tt.contentType)
		assert.Len(t, p.Scripts, 1, tt.contentType)
	}
}

// trickle is a body of n bytes that sends one every 10 ms, and fails as soon
// as its request is cancelled, as net/http's bodies do.
type trickle struct {
	ctx    context.Context
	n      int
	closed atomic.Bool
}

func (b *trickle) Read(p []byte) (int, error) {
	if b.n == 0 {
		return 0, io.EOF
	}
	select {
	case <-time.After(10 * time.Millisecond):
	case <-b.ctx.Done():
		return 0, b.ctx.Err()
	}
	b.n--
	p[0] = 'x'
	return 1, nil
}

func (b *trickle) Close() error { b.closed.Store(true); return nil }

// §4: a 404 whose body of known, short length trickles is reported at once:
// Get drains a failed response's body only for a moment.
func TestGetFailedResponseDoesNotWait(t *testing.T) {
	for _, code := range []int{http.StatusNotFound, http.StatusOK} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var body *trickle
				client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
					body = &trickle{ctx: r.Context(), n: 200_000}
					return &http.Response{
						StatusCode:    code,
						Header:        http.Header{"Content-Type": {"text/plain"}}, // a 200 that is not HTML
						Body:          body,
						ContentLength: int64(body.n),
						Request:       r,
					}, nil
				})}
				start := time.Now()
				p := fetchbench.Get(t.Context(), client, "http://example.test/", fetchbench.Options{Timeout: time.Minute})
				assert.Error(t, p.Err)
				assert.NotErrorIs(t, p.Err, context.DeadlineExceeded)
				assert.Equal(t, fetchbench.DrainTime, time.Since(start), "fake time: the drain's budget, no more")
				assert.True(t, body.closed.Load())
			})
		})
	}
}

// §7: net/http does not recover a panic in a RoundTripper, and neither does
// Get: a panic there is a bug in the caller's code, and hiding it in a page
// error would hide the bug. Get's doc says so.
func TestGetRoundTripperPanic(t *testing.T) {
	client := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		panic("broken transport")
	})}
	assert.PanicsWithValue(t, "broken transport", func() {
		fetchbench.Get(t.Context(), client, "http://example.test/", fetchbench.Options{})
	})
}

// TestGetSrcKeepsNoUserinfo: credentials in the page's URL are the caller's
// secret, and a relative src must not carry them to wherever it is printed.
func TestGetSrcKeepsNoUserinfo(t *testing.T) {
	noLeaks(t)
	url, client := serveHTML(t, []byte(`<script src="a.js"></script><script src="//cdn.test/b.js"></script>`))
	withUser := strings.Replace(url, "http://", "http://user:secret@", 1)
	p := fetchbench.Get(t.Context(), client, withUser, fetchbench.Options{})
	require.NoError(t, p.Err)
	require.Len(t, p.Scripts, 2)
	assert.Equal(t, url+"/a.js", p.Scripts[0].Src)
	assert.Equal(t, "http://cdn.test/b.js", p.Scripts[1].Src)
}

// A RoundTripper written by hand may leave Response.Request unset: net/http's
// Client does not fill it in, only its Transport does. The page's final URL
// is then the URL requested.
func TestGetResponseWithoutRequest(t *testing.T) {
	client := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"text/html"}},
			Body:       io.NopCloser(strings.NewReader(`<script src="a.js"></script>`)),
		}, nil
	})}
	p := fetchbench.Get(t.Context(), client, "http://example.test/dir/", fetchbench.Options{})
	require.NoError(t, p.Err)
	assert.Equal(t, "http://example.test/dir/", p.FinalURL)
	require.Len(t, p.Scripts, 1)
	assert.Equal(t, "http://example.test/dir/a.js", p.Scripts[0].Src)
}

// XHTML is XML, which the HTML tokenizer misreads: there <script src=a.js/>
// opens a script that swallows the page up to the next </script>, and a
// browser ran [a.js, b.js] where Get reported [a.js, upper.js]. Get refuses
// it, before reading the body.
func TestGetRefusesXHTML(t *testing.T) {
	noLeaks(t)
	url, client := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xhtml+xml")
		io.WriteString(w, `<html xmlns="http://www.w3.org/1999/xhtml"><head>`+
			`<script src="a.js"/><script>document.write("<script src=upper.js><\/script>")</script>`+
			`<script src="b.js"/></head></html>`)
	})
	p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
	require.ErrorIs(t, p.Err, fetchbench.ErrNotHTML)
	assert.Nil(t, p.Scripts)
	assert.Zero(t, p.Bytes, "refused on its header")
}

// A broken parameter next to the charset does not drop it: a browser reads
// the parameters one by one and skips the bad ones, and so does Get. Before,
// a UTF-16LE page labelled "charset=utf-16le; x" gave 0 scripts, no error.
func TestGetCharsetBesideBrokenParam(t *testing.T) {
	noLeaks(t)
	page := utf16le(`<p>hello</p><script src=a.js></script>`)
	for _, contentType := range []string{
		"text/html; charset=utf-16le",
		"text/html; charset=utf-16le; x",
		"text/html; charset=utf-16le;;",
		"text/html; x; charset=\"utf-16le\"",
		"text/html;; charset=utf-16le; charset=utf-8", // the first one wins
	} {
		url, client := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Write(page)
		})
		p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
		require.NoError(t, p.Err, contentType)
		require.Len(t, p.Scripts, 1, contentType)
		assert.Equal(t, url+"/a.js", p.Scripts[0].Src, contentType)
	}
}

// utf16le encodes s, which is ASCII, as UTF-16LE with no byte-order mark.
func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// Only the first HTML <base> counts, and only for the scripts after it: a
// browser resolved the src of each of these pages against the page's URL.
func TestGetBaseWhereItApplies(t *testing.T) {
	noLeaks(t)
	pages := map[string]string{
		"in svg":       `<svg><base href="/svg/"></base></svg><script src=a.js></script>`,
		"in math":      `<math><base href="/math/"></base></math><script src=a.js></script>`,
		"in template":  `<template><base href="/t/"></template><script src=a.js></script>`,
		"after script": `<script src=a.js></script><base href="/late/">`,
	}
	for name, page := range pages {
		url, client := serveHTML(t, []byte(page))
		p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
		require.NoError(t, p.Err, name)
		require.Len(t, p.Scripts, 1, name)
		assert.Equal(t, url+"/a.js", p.Scripts[0].Src, name)
	}

	url, client := serveHTML(t, []byte(`<script src=a.js></script><base href="/b/"><script src=c.js></script>`))
	p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
	require.NoError(t, p.Err)
	assert.Equal(t, []string{url + "/a.js", url + "/b/c.js"}, []string{p.Scripts[0].Src, p.Scripts[1].Src})
}
