package fetchbench_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

func TestGetFaults(t *testing.T) {
	defer goleak.VerifyNone(t)
	site := sim.NewServer(sim.Config{Pages: 1})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	pageZero := sim.WantScripts(0)
	tests := []struct {
		fault   sim.Fault
		scripts int   // want, when err is nil
		err     error // want errors.Is
	}{
		{sim.NoType, pageZero, nil}, // sniffed as HTML
		{sim.Gzip, pageZero, nil},   // decoded by the Transport
		{sim.Latin1, pageZero, nil}, // decoded by html/charset
		{sim.Redirect, pageZero, nil},
		{sim.WrongType, 0, fetchbench.ErrNotHTML},
		{sim.NotHTML, 0, fetchbench.ErrNotHTML},
		{sim.Oversized, 0, fetchbench.ErrTooLarge},
		{sim.RedirectLoop, 0, fetchbench.ErrTooManyRedirects},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			url := site.FaultURL(tt.fault)
			p := fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
			assert.Equal(t, url, p.URL)
			if tt.err != nil {
				require.ErrorIs(t, p.Err, tt.err)
				assert.Nil(t, p.Scripts, "a failed page has no scripts")
				return
			}
			require.NoError(t, p.Err)
			assert.Len(t, p.Scripts, tt.scripts)
			assert.Equal(t, http.StatusOK, p.Status)
			assert.Positive(t, p.Bytes)
		})
	}
}

func TestGetStatus(t *testing.T) {
	defer goleak.VerifyNone(t)
	site := sim.NewServer(sim.Config{})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	p := fetchbench.Get(t.Context(), client, site.FaultURL(sim.NotFound), fetchbench.Options{})
	var se *fetchbench.StatusError
	require.ErrorAs(t, p.Err, &se)
	assert.Equal(t, 404, se.Code)
	assert.Equal(t, 404, p.Status)
	assert.Equal(t, "HTTP status 404 Not Found", p.Err.Error())
}

func TestGetInvalidURL(t *testing.T) {
	for _, url := range []string{"", "example.com/page", "localhost:8080", "ftp://example.com/", "http://", "http://[::1", "file:///etc/passwd"} {
		p := fetchbench.Get(t.Context(), http.DefaultClient, url, fetchbench.Options{})
		assert.ErrorIs(t, p.Err, fetchbench.ErrInvalidURL, "URL %q", url)
		assert.Equal(t, url, p.URL)
	}
}

func TestGetResolvesSrc(t *testing.T) {
	defer goleak.VerifyNone(t)
	pages := map[string]string{
		"/dir/page":     `<script src="a.js"></script><script src="/b.js"></script><script src="//cdn.example/c.js"></script>`,
		"/dir/base":     `<base href="/static/"><script src="a.js"></script>`,
		"/dir/base-abs": `<base href="https://cdn.example/x/"><script src="a.js"></script>`,
		"/dir/base-rel": `<base href="sub/"><base href="/ignored/"><script src="a.js"></script>`,
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, pages[r.URL.Path])
	}))
	defer ts.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	tests := []struct {
		path string
		want []string
	}{
		{"/dir/page", []string{ts.URL + "/dir/a.js", ts.URL + "/b.js", "http://cdn.example/c.js"}},
		{"/dir/base", []string{ts.URL + "/static/a.js"}},
		{"/dir/base-abs", []string{"https://cdn.example/x/a.js"}},
		{"/dir/base-rel", []string{ts.URL + "/dir/sub/a.js"}}, // only the first <base> counts
	}
	for _, tt := range tests {
		p := fetchbench.Get(t.Context(), client, ts.URL+tt.path, fetchbench.Options{})
		require.NoError(t, p.Err)
		var got []string
		for _, s := range p.Scripts {
			got = append(got, s.Src)
		}
		assert.Equal(t, tt.want, got, tt.path)
	}
}

func TestGetBodyCap(t *testing.T) {
	defer goleak.VerifyNone(t)
	site := sim.NewServer(sim.Config{Pages: 1})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	full := fetchbench.Get(t.Context(), client, site.PageURL(0), fetchbench.Options{})
	require.NoError(t, full.Err)

	exact := fetchbench.Get(t.Context(), client, site.PageURL(0), fetchbench.Options{MaxBodyBytes: full.Bytes})
	require.NoError(t, exact.Err, "a body exactly at the cap is fine")
	assert.Equal(t, full.Scripts, exact.Scripts)

	over := fetchbench.Get(t.Context(), client, site.PageURL(0), fetchbench.Options{MaxBodyBytes: full.Bytes - 1})
	require.ErrorIs(t, over.Err, fetchbench.ErrTooLarge, "one byte over the cap is an error, not a truncation")
	assert.Nil(t, over.Scripts)
}

// Reading every body to EOF (or draining it) and closing it lets one
// connection serve every request in turn.
func TestGetReusesOneConnection(t *testing.T) {
	defer goleak.VerifyNone(t)
	site := sim.NewServer(sim.Config{Pages: 1, PageSize: 8 << 10})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	for _, url := range []string{site.PageURL(0), site.FaultURL(sim.NotHTML), site.FaultURL(sim.NotFound)} {
		for range 100 {
			fetchbench.Get(t.Context(), client, url, fetchbench.Options{})
		}
	}
	assert.Equal(t, 300, site.Stats().Requests)
	assert.Equal(t, 1, site.Stats().NewConns, "every request should reuse the first connection")
}

func TestGetCancelledBeforeStart(t *testing.T) {
	defer goleak.VerifyNone(t)
	site := sim.NewServer(sim.Config{Pages: 1})
	defer site.Close()

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	p := fetchbench.Get(ctx, site.Client(), site.PageURL(0), fetchbench.Options{})
	require.ErrorIs(t, p.Err, fetchbench.ErrNotFetched)
	require.ErrorIs(t, p.Err, context.Canceled)
	assert.Zero(t, site.Stats().Requests, "no request is sent on a cancelled context")
}

// The timeout covers the body and the parse, not just the headers.
func TestGetTimeoutCoversBody(t *testing.T) {
	for _, fault := range []sim.Fault{sim.SlowHeaders, sim.Stall, sim.Trickle} {
		t.Run(string(fault), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				site := sim.NewInMemory(sim.Config{Pages: 1})
				defer site.Close()

				const timeout = 200 * time.Millisecond
				start := time.Now()
				p := fetchbench.Get(t.Context(), site.Client(), site.FaultURL(fault), fetchbench.Options{Timeout: timeout})
				require.ErrorIs(t, p.Err, context.DeadlineExceeded)
				assert.Nil(t, p.Scripts)
				assert.Equal(t, timeout, time.Since(start), "fails exactly at the timeout, in fake time")
				assert.Equal(t, timeout, p.Elapsed)
			})
		})
	}
}

// An endless body ends at the cap.
func TestGetEndlessBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{Pages: 1})
		defer site.Close()

		p := fetchbench.Get(t.Context(), site.Client(), site.FaultURL(sim.Endless), fetchbench.Options{MaxBodyBytes: 1 << 20})
		require.ErrorIs(t, p.Err, fetchbench.ErrTooLarge)
		assert.Equal(t, int64(1<<20), p.Bytes)
	})
}

// A body cut short must be an error, never a page with fewer scripts.
func TestGetTruncatedBody(t *testing.T) {
	defer goleak.VerifyNone(t)
	page := []byte(`<html><script src="a.js"></script><p>` + string(bytes.Repeat([]byte("x"), 4096)) + `<script src="b.js"></script>`)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.Write(page[:len(page)/2])
		// Returning early with Content-Length unmet makes the server close
		// the connection: the client reads io.ErrUnexpectedEOF.
	}))
	defer ts.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	p := fetchbench.Get(t.Context(), client, ts.URL, fetchbench.Options{})
	require.ErrorIs(t, p.Err, io.ErrUnexpectedEOF)
	assert.Nil(t, p.Scripts)
}

func ExampleGet() {
	site := sim.NewServer(sim.Config{Pages: 4})
	defer site.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	page := fetchbench.Get(context.Background(), client, site.PageURL(3), fetchbench.Options{Timeout: 5 * time.Second})
	if page.Err != nil {
		fmt.Println(page.Err)
		return
	}
	for _, s := range page.Scripts {
		src := strings.TrimPrefix(s.Src, site.URL) // hide the random port
		if src == "" {
			src = fmt.Sprintf("(inline, %d bytes)", s.InlineLen)
		}
		fmt.Printf("%-27s type=%q async=%v defer=%v\n", src, s.Type, s.Async, s.Defer)
	}
	// Output:
	// /page/js/app.js             type="" async=false defer=true
	// (inline, 52 bytes)          type="" async=false defer=false
	// /js/module.js               type="module" async=false defer=false
	// https://cdn.example/lib.js  type="" async=true defer=false
}

// A page that names no charset and is ASCII at the start is read as UTF-8,
// not as windows-1252: otherwise every later UTF-8 byte would be decoded
// as a Latin-1 character, and the script's length would grow.
func TestGetUnlabelledUTF8(t *testing.T) {
	defer goleak.VerifyNone(t)
	script := `var s = "héllo ✓";`
	page := "<!DOCTYPE html><p>" + strings.Repeat("ascii ", 300) + "</p><script>" + script + "</script>"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // no charset
		io.WriteString(w, page)
	}))
	defer ts.Close()
	client := fetchbench.NewClient(1)
	defer client.CloseIdleConnections()

	p := fetchbench.Get(t.Context(), client, ts.URL, fetchbench.Options{})
	require.NoError(t, p.Err)
	require.Len(t, p.Scripts, 1)
	assert.Equal(t, len(script), p.Scripts[0].InlineLen)
}

// errgroup cancels its context with the first page's error as the cause,
// and net/http reports a cancelled request with its context's cause. A page
// cut short that way failed because it was cancelled, and must say so: not
// claim the other page's error, such as ErrTooLarge, as its own.
func TestGetCancelledWithCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{Pages: 1, Latency: time.Second})
		defer site.Close()
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(time.Millisecond, func() { cancel(fmt.Errorf("another page: %w", fetchbench.ErrTooLarge)) })

		p := fetchbench.Get(ctx, site.Client(), site.PageURL(0), fetchbench.Options{})
		require.ErrorIs(t, p.Err, context.Canceled)
		assert.NotErrorIs(t, p.Err, fetchbench.ErrTooLarge, "another page's error: %v", p.Err)
	})
}

// The request's context keeps the page's deadline: a dialer reads it to
// share what is left of Options.Timeout among a host's addresses. Before,
// context.WithoutCancel dropped it with the cancel, and net.Dialer shared
// its own 30 s instead.
func TestGetRequestKeepsDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got time.Time
		var ok bool
		client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got, ok = r.Context().Deadline()
			return nil, io.ErrUnexpectedEOF
		})}

		const timeout = 5 * time.Second
		want := time.Now().Add(timeout) // fake time stands still until Get waits
		fetchbench.Get(t.Context(), client, "http://example.test/", fetchbench.Options{Timeout: timeout})
		require.True(t, ok, "the request's context has no deadline")
		assert.Equal(t, want, got)

		ctx, cancel := context.WithDeadline(t.Context(), time.Now().Add(time.Minute))
		defer cancel()
		want, _ = ctx.Deadline()
		fetchbench.Get(ctx, client, "http://example.test/", fetchbench.Options{})
		require.True(t, ok, "the request's context has no deadline")
		assert.Equal(t, want, got)
	})
}

// deadlineOnly reports a deadline that nothing enforces: it is a ctx at the
// instant its deadline passes, before its own timer has cancelled it.
type deadlineOnly struct {
	context.Context
	at time.Time
}

func (c deadlineOnly) Deadline() (time.Time, bool) { return c.at, true }

// The request ends when ctx does, never on a timer of its own. With one,
// two timers fire at ctx's deadline, and a request could fail while
// ctx.Err() is still nil: a crawl then saw its in-flight pages fail, started
// more, and ended "done" with no error (1 run in 60 of RunCrawl's Deadline).
func TestGetRequestEndsOnlyWithCtx(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			time.Sleep(2 * time.Second) // past the deadline that ctx reports
			if err := r.Context().Err(); err != nil {
				return nil, err
			}
			return &http.Response{
				StatusCode: http.StatusOK,
				Header:     http.Header{"Content-Type": {"text/html"}},
				Body:       io.NopCloser(strings.NewReader(`<script src="a.js"></script>`)),
				Request:    r,
			}, nil
		})}
		ctx := deadlineOnly{t.Context(), time.Now().Add(time.Second)}
		p := fetchbench.Get(ctx, client, "http://example.test/", fetchbench.Options{})
		require.NoError(t, p.Err, "the request ended at a deadline its ctx had not acted on")
		assert.Len(t, p.Scripts, 1)
	})
}
