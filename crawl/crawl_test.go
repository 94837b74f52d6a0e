package crawl

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"HTTP://Example.COM:80/a/B?q=1#frag": "http://example.com/a/B?q=1",
		"https://example.com:443":            "https://example.com/",
		"https://example.com:8443/x#":        "https://example.com:8443/x",
		"http://example.com:443/":            "http://example.com:443/",
	} {
		got, err := Normalize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"ftp://example.com/", "mailto:a@example.com", "/relative", "http://", "http://bad host/"} {
		_, err := Normalize(in)
		assert.ErrorIs(t, err, fetchbench.ErrInvalidURL, in)
	}
}

func TestLinks(t *testing.T) {
	page, _ := url.Parse("https://example.com/dir/page")
	body := `<html><head><title>t</title></head><body>
<a href="other">relative to the base below</a>
<a href="/root#frag">root</a>
<a href="https://EXAMPLE.com:443/root">the same</a>
<a href=" spaced ">spaces trimmed</a>
<a href="mailto:x@example.com">mail</a> <a href="javascript:void(0)">js</a>
<a name="n">no href</a> <link href="/not-a-link">
<base href="/base/"> <base href="/second-base/">
<A HREF="//cdn.example.net/x">scheme-relative, upper-case tag</A>
</body></html>`
	assert.Equal(t, []string{
		"https://example.com/base/other",
		"https://example.com/root",
		"https://example.com/base/spaced",
		"https://cdn.example.net/x",
	}, Links([]byte(body), page))
}

func TestRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		now := time.Now()
		for in, want := range map[string]time.Duration{
			"3":   3 * time.Second,
			" 0 ": 0,
			now.Add(45 * time.Second).UTC().Format(http.TimeFormat): 45 * time.Second,
			now.Add(-time.Hour).UTC().Format(http.TimeFormat):       0,
			"7200": MaxRetryAfter,
		} {
			assert.Equal(t, want, retryWait(in, 1), in)
		}
	})
}

// Without Retry-After, the waits double from BackoffBase, with half of each
// random, up to MaxBackoff.
func TestBackoff(t *testing.T) {
	for _, bad := range []string{"", "soon", "-1"} {
		for n := 1; n <= 20; n++ {
			d := min(BackoffBase<<min(n-1, 20), MaxBackoff)
			got := retryWait(bad, n)
			assert.GreaterOrEqual(t, got, d/2, "try %d", n)
			assert.LessOrEqual(t, got, d, "try %d", n)
		}
	}
}

func TestTransient(t *testing.T) {
	ctx := context.Background()
	for err, want := range map[error]bool{
		&fetchbench.StatusError{Code: 429}:               true,
		&fetchbench.StatusError{Code: 503}:               true,
		&fetchbench.StatusError{Code: 500}:               false,
		&fetchbench.StatusError{Code: 404}:               false,
		fmt.Errorf("read: %w", syscall.ECONNRESET):       true,
		fmt.Errorf("body: %w", io.ErrUnexpectedEOF):      true,
		fmt.Errorf("page: %w", context.DeadlineExceeded): true,
		fmt.Errorf("dial: %w", syscall.ECONNREFUSED):     false,
		fmt.Errorf("x: %w", fetchbench.ErrNotHTML):       false,
		fmt.Errorf("x: %w", fetchbench.ErrTooLarge):      false,
	} {
		assert.Equal(t, want, transient(ctx, err), "%v", err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	assert.False(t, transient(done, &fetchbench.StatusError{Code: 503}), "the crawl is over")
}

// Visited hands out each URL once, within MaxDepth, and when a shorter path
// comes, the links of a page already done at the longer one.
func TestVisited(t *testing.T) {
	f := NewFetcher(http.DefaultClient, nil, Options{MaxDepth: 2})
	v := f.NewVisited()
	assert.Equal(t, []string{"s"}, v.Add("s", 0))
	assert.Nil(t, v.Add("s", 0), "met again")
	assert.Equal(t, []string{"a"}, v.Done("s", []string{"a", "s"}))
	assert.Equal(t, []string{"b"}, v.Done("a", []string{"b"}))
	assert.Nil(t, v.Done("b", []string{"c"}), "c is 3 links away")
	assert.Equal(t, int64(0), f.frontier.Load(), "all met within reach are done")

	assert.Equal(t, []string{"t"}, v.Add("t", 0), "a second seed")
	assert.Equal(t, []string{"c"}, v.Done("t", []string{"b"}), "b is 1 away now, so c is 2")
	assert.Equal(t, int64(1), f.frontier.Load(), "c: met, not done")
}
