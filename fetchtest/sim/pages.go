package sim

import (
	"bytes"
	"fmt"
	"io"
)

// WantScripts returns how many <script> elements page i holds: 1 to 4.
func WantScripts(i int) int { return 1 + i%4 }

// WantTotal returns the scripts on pages 0 to n-1 together.
func WantTotal(n int) int {
	total := 0
	for i := range n {
		total += WantScripts(i)
	}
	return total
}

// The real scripts of a page, in order. Page i holds the first WantScripts(i)
// of them. Each one tests a part of the policy: a relative src resolved
// against the page URL, a JS string that looks like a tag, an upper-case tag
// name, and an absolute src.
var pageScripts = []string{
	`<script src="js/app.js" defer></script>`,
	`<script>document.write("<script src='decoy.js'><\/script>");</script>`,
	`<SCRIPT type="module" src="/js/module.js"></SCRIPT>`,
	`<script async src="https://cdn.example/lib.js"></script>`,
}

// decoys look like scripts to a naive search, but an HTML parser creates no
// script element for them.
const decoys = `<!-- <script src="comment.js"></script> -->
<div title="<script>attribute</script>">decoy in an attribute</div>
<textarea><script>in a textarea</script></textarea>
<style>/* <script> */ p { margin: 0 }</style>
<xmp><script>in xmp</script></xmp>
<noscript><script src="noscript.js"></script></noscript>
`

// writePage writes page i: a head, its scripts among decoys, then filler.
func (s *Site) writePage(w io.Writer, i int) error {
	if _, err := io.WriteString(w, pageHead(i)); err != nil {
		return err
	}
	if _, err := w.Write(s.filler); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</body></html>\n")
	return err
}

// pageHead is everything but the filler and the closing tags.
func pageHead(i int) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>Page %d &lt;script&gt;</title>\n", i)
	for k, script := range pageScripts[:WantScripts(i)] {
		b.WriteString(script)
		b.WriteString("\n")
		if k == 0 {
			b.WriteString("</head><body>\n")
			b.WriteString(decoys)
		}
	}
	fmt.Fprintf(&b, "<h1>Page %d</h1>\n", i)
	return b.String()
}

// fillerBlock is about 1 KB of ordinary markup with decoys and no scripts.
// Its links point into the page itself, so that a crawl of a site without
// CrawlConfig finds no page beyond its seeds, and none that answers 404.
const fillerBlock = `<div class="card"><h2>Section</h2>
<p>Lorem ipsum dolor sit amet, <a href="#about">consectetur</a> adipiscing elit,
sed do eiusmod tempor <em>incididunt</em> ut labore et dolore magna aliqua.</p>
<ul><li><a href="#a">One</a></li><li><a href="#b">Two</a></li><li><a href="#c">Three</a></li></ul>
<img src="/img/photo.png" alt="a photo of a &lt;script&gt; tag" width="320" height="200">
<!-- a comment with <script>alert(1)</script> inside -->
<p data-template="<script src=x.js></script>">Ut enim ad minim veniam, quis nostrud
exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>
<table><tr><td>1</td><td>2</td><td>3</td></tr><tr><td>4</td><td>5</td><td>6</td></tr></table>
<textarea name="t">&lt;script&gt; and <script> in a textarea</textarea>
</div>
`

// filler returns about size bytes of whole filler blocks.
func filler(size int) []byte {
	if size <= 0 {
		return nil
	}
	n := max(1, (size+len(fillerBlock)/2)/len(fillerBlock))
	return bytes.Repeat([]byte(fillerBlock), n)
}
