package fetchbench_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"fetchbench"
	"fetchbench/internal/peakheap"
)

// BenchmarkHostile fetches each hostile page of issue 11 with Get and default
// Options, and checks its outcome. Before the caps, the long-base page took
// gigabytes and seconds, and the SVG page 1.1 million Scripts. The metrics:
// ns/op is the wall time of one Get; B/op counts every byte allocated
// meanwhile, and peak-heap-MB is the most heap seen (sampled every
// millisecond); both include the in-process server, which holds the page.
func BenchmarkHostile(b *testing.B) {
	// A base path of spaces, each escaped to %20: the longest base under
	// MaxURLBytes, which resolving even "/x.js" must escape again.
	escapedBase := `<base href="/` + strings.Repeat(" ", fetchbench.MaxURLBytes/3-20) + `/">`
	pages := []struct {
		name string
		page func() []byte // served at /page; built in its own run
		path string        // what Get fetches
		want error         // nil: the page succeeds
	}{
		// For scale: the largest ordinary page, 10 MiB of text and 4 scripts.
		{"ordinary-10MiB", func() []byte { return ordinaryPage(10 << 20) }, "/page", nil},
		// §1: a 256 KiB <base href> and 4,000 srcs of "#", 354 KB in all.
		{"long-base", func() []byte { return longBasePage(256<<10, 4000) }, "/page", fetchbench.ErrURLTooLong},
		// §1: the same srcs after a redirect to a 256 KiB Location.
		{"long-location", func() []byte { return longBasePage(0, 4000) }, "/redirect", fetchbench.ErrURLTooLong},
		// §1: a base just under MaxURLBytes, and 10,000 srcs that copy it:
		// they cost over MaxBodyBytes, 10 MiB, after about 1,300.
		{"base-near-cap", func() []byte { return longBasePage(fetchbench.MaxURLBytes-40, 10_000) }, "/page", fetchbench.ErrTooLarge},
		// §1: 10,000 short srcs against the escaped base: over the cap too.
		{"escaped-base", func() []byte { return escapedPage(escapedBase, 10_000) }, "/page", fetchbench.ErrTooLarge},
		// §1: the slowest resolution that succeeds: 1,200 of them.
		{"escaped-base-1200", func() []byte { return escapedPage(escapedBase, 1_200) }, "/page", nil},
		// §2: 10 MiB of <svg><script/>; the parse stops at script 10,001.
		{"svg-scripts", func() []byte { return svgScriptsPage(10 << 20) }, "/page", fetchbench.ErrTooManyScripts},
		// Issue 17: one start tag of 10 MiB, about 2 million attribute
		// names; the parse stops at MaxTokenBytes.
		{"huge-tag", func() []byte { return hugeTagPage(10<<20 - 1<<10) }, "/page", fetchbench.ErrTooLarge},
		// Issue 17: one comment of 10 MiB of windows-1252 bytes, each of
		// which decodes to two bytes of UTF-8.
		{"huge-comment-1252", func() []byte { return hugeCommentPage(10<<20 - 1<<10) }, "/1252", fetchbench.ErrTooLarge},
		// Issue 17: one src of 10 MiB that must be percent-encoded, in
		// UTF-8 ("é" is 2 bytes, 6 escaped) and in windows-1252 (1 byte,
		// 6 escaped); the parse stops at MaxTokenBytes.
		{"long-src-utf8", func() []byte { return longSrcPage(10<<20-1<<10, "é", 1) }, "/page", fetchbench.ErrTooLarge},
		{"long-src-1252", func() []byte { return longSrcPage(10<<20-1<<10, "\xe9", 1) }, "/1252", fetchbench.ErrTooLarge},
		// The same, cut into srcs just under MaxTokenBytes: each escapes to
		// about 3 MiB, and the fourth is over MaxBodyBytes.
		{"token-srcs-utf8", func() []byte { return longSrcPage(10<<20-1<<10, "é", 10) }, "/page", fetchbench.ErrTooLarge},
		{"token-srcs-1252", func() []byte { return longSrcPage(10<<20-1<<10, "\xe9", 20) }, "/1252", fetchbench.ErrTooLarge},
		// 10 MiB of <svg>, then <g> 1.5 million times, then as many end
		// tags that close nothing: each </x> walked the whole stack, which
		// held every <g>. The parse stops at MaxForeignDepth.
		{"foreign-misses", func() []byte { return foreignMissesPage(10 << 20) }, "/page", fetchbench.ErrTooLarge},
	}
	longLocation := "/" + strings.Repeat("A", 256<<10)
	for _, pg := range pages {
		b.Run("page="+pg.name, func(b *testing.B) {
			body := pg.page()
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/redirect" {
					http.Redirect(w, r, longLocation, http.StatusFound)
					return
				}
				w.Header().Set("Content-Type", "text/html")
				if r.URL.Path == "/1252" {
					w.Header().Set("Content-Type", "text/html; charset=windows-1252")
				}
				w.Write(body)
			}))
			defer ts.Close()
			client := fetchbench.NewClient(1)
			defer client.CloseIdleConnections()

			b.ReportAllocs()
			runtime.GC() // start from the same clean heap
			peak := peakheap.Sample()
			for b.Loop() {
				p := fetchbench.Get(b.Context(), client, ts.URL+pg.path, fetchbench.Options{})
				if !errors.Is(p.Err, pg.want) { // errors.Is(nil, nil) holds
					b.Fatalf("err = %v, want %v", p.Err, pg.want)
				}
			}
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		})
	}
}

// escapedPage is base followed by n scripts with src "/x.js".
func escapedPage(base string, n int) []byte {
	return []byte(base + strings.Repeat(`<script src=/x.js></script>`, n))
}

// ordinaryPage is size bytes of paragraphs with four scripts.
func ordinaryPage(size int) []byte {
	const para = "<p>Some ordinary text, as a page has plenty of.</p>\n"
	scripts := `<script src=/a.js></script><script>var x = 1;</script><script src=b.js async></script><script type=module src=/c.js></script>`
	return []byte(scripts + strings.Repeat(para, (size-len(scripts))/len(para)))
}

// hugeTagPage is one start tag of about size bytes: attribute names "a",
// each with its space.
func hugeTagPage(size int) []byte {
	return []byte("<p" + strings.Repeat(" a", size/2) + "><script src=a.js></script>")
}

// hugeCommentPage is one comment of about size bytes of "é" in
// windows-1252, which is 0xE9 there and two bytes in UTF-8.
func hugeCommentPage(size int) []byte {
	return []byte("<!--" + strings.Repeat("\xe9", size) + "--><script src=a.js></script>")
}

// longSrcPage is n scripts of about size bytes in all, whose srcs repeat c,
// a character that must be percent-encoded.
func longSrcPage(size int, c string, n int) []byte {
	var b strings.Builder
	for range n {
		b.WriteString(`<script src="/`)
		b.WriteString(strings.Repeat(c, (size/n-40)/len(c)))
		b.WriteString(`"></script>`)
	}
	return []byte(b.String())
}
