package fetchbench_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"fetchbench"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// BenchmarkParseScripts compares ParseScripts with the three usual ways of
// finding <script> elements with x/net/html:
//
//	scripts    ParseScripts itself
//	tokenizer  the raw loop: Next, and TagName on every start tag
//	token      a loop over Token, which copies every tag and attribute
//	parse      html.Parse, then a walk over the whole tree
//
// Run it with -cpu=1 and compare MB/s, for example:
//
//	go test -run='^$' -bench=ParseScripts -count=10 -cpu=1 . | tee new.txt
//	go tool benchstat -col /method new.txt
func BenchmarkParseScripts(b *testing.B) {
	methods := []struct {
		name  string
		count func(io.Reader) (int, error)
	}{
		{"scripts", countParseScripts},
		{"tokenizer", countTokenizer},
		{"token", countToken},
		{"parse", countParse},
	}
	sizes := []struct {
		name  string
		bytes int
	}{
		{"10kb", 10 << 10},
		{"100kb", 100 << 10},
	}
	if !testing.Short() {
		sizes = append(sizes, struct {
			name  string
			bytes int
		}{"200kb", 200 << 10})
	}

	for _, m := range methods {
		b.Run("method="+m.name, func(b *testing.B) {
			for _, size := range sizes {
				b.Run("size="+size.name, func(b *testing.B) {
					page, want := makePage(size.bytes)

					// Check once, outside the timed loop, that the method
					// finds every script and no decoy: a fast wrong answer
					// is worth nothing.
					if got, err := m.count(bytes.NewReader(page)); err != nil || got != want {
						b.Fatalf("found %d scripts, err %v; want %d", got, err, want)
					}

					b.SetBytes(int64(len(page)))
					b.ReportAllocs()
					for b.Loop() {
						// A fresh reader each time: the methods consume it.
						if _, err := m.count(bytes.NewReader(page)); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

func countParseScripts(r io.Reader) (int, error) {
	scripts, err := fetchbench.ParseScripts(r)
	return len(scripts), err
}

// countTokenizer is the honest baseline: the straightforward low-level loop
// that the x/net/html documentation shows, with no tricks. TagName
// lower-cases the name, and atom.Lookup turns it into an integer compare.
func countTokenizer(r io.Reader) (int, error) {
	z := html.NewTokenizer(r)
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return n, err
			}
			return n, nil
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if atom.Lookup(name) == atom.Script {
				n++
			}
		}
	}
}

// countToken uses the convenient Token API, which allocates a Token with
// copies of the tag name and all its attributes for every token.
func countToken(r io.Reader) (int, error) {
	z := html.NewTokenizer(r)
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return n, err
			}
			return n, nil
		case html.StartTagToken, html.SelfClosingTagToken:
			if z.Token().DataAtom == atom.Script {
				n++
			}
		}
	}
}

// countParse builds the whole tree, as a browser would, then walks it.
func countParse(r io.Reader) (int, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return 0, err
	}
	n := 0
	for node := range doc.Descendants() {
		if node.Type == html.ElementNode && node.DataAtom == atom.Script {
			n++
		}
	}
	return n, nil
}

// makePage returns a synthetic but realistic page of at least size bytes,
// and how many <script> elements it holds: a head with a few scripts and
// links, then a body of nested sections, paragraphs, links and images with
// about one script per 5 KB, and two decoys (a comment and a <textarea>
// holding "<script>") that no method may count. A fixed seed makes every
// run measure the same bytes.
func makePage(size int) (page []byte, scripts int) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the quick brown fox jumps over a lazy dog while " +
		"packets travel across networks and parsers read every byte of markup")
	sentence := func(n int) string {
		var s strings.Builder
		for i := range n {
			if i > 0 {
				s.WriteByte(' ')
			}
			s.WriteString(words[rng.IntN(len(words))])
		}
		return s.String()
	}

	var w bytes.Buffer
	w.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Benchmark page</title>
<link rel="stylesheet" href="/static/css/main.4f2a91.css">
<link rel="preload" href="/static/fonts/inter.woff2" as="font" type="font/woff2" crossorigin>
<link rel="icon" href="/favicon.ico">
<script async src="https://www.example-analytics.com/gtag/js?id=G-123456"></script>
<script type="module" src="/static/js/app.8c1d2e.js"></script>
</head>
<body class="page home">
<!-- <script src="/decoy/commented-out.js"></script> -->
<header id="top"><nav class="nav"><a href="/" class="logo">Home</a> <a href="/docs/">Docs</a> <a href="/blog/">Blog</a></nav></header>
<form action="/search"><textarea name="q" rows="3"><script>alert("decoy")</script></textarea></form>
`)
	scripts = 2

	for section := 0; w.Len() < size; section++ {
		fmt.Fprintf(&w, "<section id=\"s%d\" class=\"card\">\n<div class=\"card-body\"><div class=\"inner\">\n", section)
		fmt.Fprintf(&w, "<h2 class=\"title\">%s</h2>\n", sentence(4))
		for p := range 3 {
			fmt.Fprintf(&w, "<p class=\"text\">%s <a href=\"/articles/%d-%d.html\" title=\"%s\">%s</a> %s.</p>\n",
				sentence(12+rng.IntN(10)), section, p, sentence(3), sentence(2), sentence(8+rng.IntN(8)))
		}
		fmt.Fprintf(&w, "<img src=\"/img/photo-%d.jpg\" alt=\"%s\" width=\"640\" height=\"480\" loading=\"lazy\">\n",
			section, sentence(3))
		w.WriteString("<ul class=\"tags\">")
		for range 4 {
			fmt.Fprintf(&w, "<li><a href=\"/tags/%s\">%s</a></li>", words[rng.IntN(len(words))], sentence(1))
		}
		w.WriteString("</ul>\n</div></div>\n</section>\n")

		// About one script per 5 KB: a section is about 1.3 KB.
		if section%4 == 3 {
			if section%8 == 3 {
				fmt.Fprintf(&w, "<script defer src=\"/static/js/widget-%d.js\"></script>\n", section)
			} else {
				fmt.Fprintf(&w, "<script>window.dataLayer.push({section: %d, label: \"%s\"});</script>\n", section, sentence(3))
			}
			scripts++
		}
	}
	w.WriteString("</body>\n</html>\n")
	return w.Bytes(), scripts
}
