package fetchbench

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A policyCase pins down one rule of the script policy in ParseScripts' doc
// comment: an input and exactly the scripts it must yield. Every
// implementation of parse runs the same cases, through testPolicy.
type policyCase struct {
	name  string
	input string
	want  []Script

	// treeDiffers marks a documented divergence: html.Parse, our reference
	// for "what a browser's parser creates", finds a different set of
	// scripts. Every such row says why in a comment.
	treeDiffers bool
}

// Shorthands that keep the table readable.
func inlineScript(n int) Script        { return Script{InlineLen: n} }
func externalScript(src string) Script { return Script{Src: src} }

// docWrite is an inline script whose source holds a decoy script.
const docWrite = `<script>document.write("<script src=/decoy.js><\/script>")</script>`

// policyCases is shared with FuzzParseScripts, which uses the inputs as seeds.
var policyCases = []policyCase{
	// The plain cases.
	{name: "empty document", input: "", want: nil},
	{name: "no scripts", input: `<p>Hello, <b>world</b>.</p>`, want: nil},
	{
		name:  "inline and external",
		input: `<head><script src="/app.js"></script></head><body><script>go()</script></body>`,
		want:  []Script{externalScript("/app.js"), inlineScript(len("go()"))},
	},
	{
		name:  "upper-case tag and attribute names",
		input: `<SCRIPT SRC="/a.js" ASYNC></SCRIPT><Script>x()</sCrIpT>`,
		want:  []Script{{Src: "/a.js", Async: true}, inlineScript(len("x()"))},
	},
	{
		name:  "empty inline script",
		input: `<script></script>`,
		want:  []Script{inlineScript(0)},
	},
	{
		name:  "unclosed script runs to end of input",
		input: `<script>never(closed)`,
		want:  []Script{inlineScript(len("never(closed)"))},
	},

	// Attributes: every type counts, and Type lets a caller filter.
	{
		name:  "async and defer",
		input: `<script async src=a.js></script><script defer src=d.js></script><script async defer src=b.js></script>`,
		want: []Script{
			{Src: "a.js", Async: true},
			{Src: "d.js", Defer: true},
			{Src: "b.js", Async: true, Defer: true},
		},
	},
	{
		name: "module, importmap and ld+json",
		input: `<script type="module" src="/m.js"></script>` +
			`<script type="importmap">{"imports":{}}</script>` +
			`<script type="application/ld+json">{"@type":"Thing"}</script>`,
		want: []Script{
			{Src: "/m.js", Type: "module"},
			{Type: "importmap", InlineLen: len(`{"imports":{}}`)},
			{Type: "application/ld+json", InlineLen: len(`{"@type":"Thing"}`)},
		},
	},
	{
		name:  "src with surrounding whitespace",
		input: "<script src=\" \t/a.js\n \" type=' module '></script>",
		want:  []Script{{Src: "/a.js", Type: "module"}},
	},
	{
		name:  "src character references are decoded",
		input: `<script src="/a.js?x=1&amp;y=2"></script>`,
		want:  []Script{externalScript("/a.js?x=1&y=2")},
	},
	{
		name:  "external script with a body reports no InlineLen",
		input: `<script src="/a.js">ignored()</script>`,
		want:  []Script{externalScript("/a.js")},
	},
	{
		// href is a source only for SVG scripts: a browser runs this one's
		// inline text.
		name:  "href on an HTML script is not a source",
		input: `<script href="/x.js">a()</script>`,
		want:  []Script{inlineScript(len("a()"))},
	},
	{
		// Inline length counts bytes of source exactly as written: no
		// character reference decoding happens in raw text, and a
		// multi-byte character counts all its bytes.
		name:  "inline length is in bytes of raw source",
		input: `<script>s = "&amp; é";</script>`,
		want:  []Script{inlineScript(len(`s = "&amp; é";`))},
	},

	// <script/> in HTML: the slash is ignored, so the text after it is the
	// script's source, up to </script>.
	{
		name:  "self-closing script in HTML",
		input: `<script/>alert(1)</script><p>after</p>`,
		want:  []Script{inlineScript(len("alert(1)"))},
	},
	{
		name:  "self-closing script swallows markup up to its end tag",
		input: `<script src="/a.js"/><script src="/b.js"></script>`,
		want:  []Script{externalScript("/a.js")},
	},

	// Foreign content: SVG and MathML.
	{
		name:  "svg script with href",
		input: `<svg><script href="/h.js"></script></svg>`,
		want:  []Script{externalScript("/h.js")},
	},
	{
		name:  "svg script with xlink:href",
		input: `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><script xlink:href="/x.js"></script></svg>`,
		want:  []Script{externalScript("/x.js")},
	},
	{
		name:  "svg script with src",
		input: `<svg><script src="/s.js"></script></svg>`,
		want:  []Script{externalScript("/s.js")},
	},
	{
		// In SVG the self-closing slash is honoured: the script is empty and
		// the rest of the page is markup again.
		name:  "self-closing svg script",
		input: `<svg><script href="/a.js"/></svg><p>text</p><script src="/b.js"></script>`,
		want:  []Script{externalScript("/a.js"), externalScript("/b.js")},
	},
	{
		name:  "self-closing svg script has no source",
		input: `<svg><script>a<script/>not source</script></svg>`,
		want:  []Script{inlineScript(len("a")), inlineScript(0)},
	},
	{
		name:  "inline svg script in CDATA",
		input: `<svg><script><![CDATA[ if (a < b) go() ]]></script></svg>`,
		want:  []Script{inlineScript(len(`<![CDATA[ if (a < b) go() ]]>`))},
	},
	{
		// An SVG script's text is markup, not raw text: a browser really
		// does close the <svg> here and start an HTML script.
		name:  "svg script text is markup",
		input: `<svg><script>s = "</svg><script src=/x.js>";</script>`,
		want:  []Script{inlineScript(len(`s = "`)), externalScript("/x.js")},
	},
	{
		name:  "math script",
		input: `<math><script src="/m.js"></script></math>`,
		want:  []Script{externalScript("/m.js")},
	},
	{
		name:  "self-closing svg does not open foreign content",
		input: `<svg/><title><script src="/decoy.js"></script></title><script src="/a.js"></script>`,
		want:  []Script{externalScript("/a.js")},
	},
	{
		// In SVG, <title> and <style> are not raw text, so the script inside
		// is a real element (html.Parse puts the one in <title>, an HTML
		// integration point, in the HTML namespace).
		name:  "svg title contains a real script",
		input: `<svg><title><script src="/t.js"></script></title></svg>`,
		want:  []Script{externalScript("/t.js")},
	},
	{
		name:  "svg style contains a real script",
		input: `<svg><style><script src="/s.js"></script></style></svg>`,
		want:  []Script{externalScript("/s.js")},
	},
	{
		name:  "svg textarea contains a real script",
		input: `<svg><textarea><script src="/t.js"></script></textarea></svg>`,
		want:  []Script{externalScript("/t.js")},
	},
	{
		name:  "nested svg and math close correctly",
		input: `<svg><math></math><svg></svg></svg><title><script src="/decoy.js"></script></title>`,
		want:  nil,
	},
	{
		name:  "CDATA inside svg is text",
		input: `<svg><![CDATA[<script src="/decoy.js"></script>]]></svg>`,
		want:  nil,
	},
	{
		// Outside foreign content "<![CDATA[" opens a bogus comment that ends
		// at the first '>', so the script after it is real.
		name:  "CDATA in HTML is a bogus comment up to the first >",
		input: `<![CDATA[ a > <script src="/a.js"></script> ]]>`,
		want:  []Script{externalScript("/a.js")},
	},
	{
		// A breakout tag such as <p> leaves foreign content, so this <title>
		// is HTML raw text again.
		name:  "breakout tag leaves foreign content",
		input: `<svg><p><title><script src="/decoy.js"></script></title>`,
		want:  nil,
	},
	{
		name:  "font with color is a breakout tag",
		input: `<svg><font color=red><title><script src="/decoy.js"></script></title>`,
		want:  nil,
	},
	{
		name:  "font without color is not",
		input: `<svg><font><title><script src="/x.js"></script></title>`,
		want:  []Script{externalScript("/x.js")},
	},
	{
		// <foreignObject> is an HTML integration point: a start tag inside
		// it is HTML, so this <title> is raw text.
		name:  "foreignObject is HTML again",
		input: `<svg><foreignObject><title><script src="/decoy.js"></script></title></foreignObject></svg>`,
		want:  nil,
	},
	{
		name:  "MathML text integration point is HTML",
		input: `<math><mi><title><script src="/decoy.js"></script></title></mi></math>`,
		want:  nil,
	},
	{
		name:  "annotation-xml with an HTML encoding is HTML",
		input: `<math><annotation-xml encoding="text/html"><title><script src="/decoy.js"></script></title></annotation-xml></math>`,
		want:  nil,
	},
	{
		name:  "svg inside annotation-xml is SVG",
		input: `<math><annotation-xml><svg><title><script src="/x.js"></script></title></svg></annotation-xml></math>`,
		want:  []Script{externalScript("/x.js")},
	},
	{
		// The end tag closes the innermost open element of its name, and
		// all above it: </svg> closes the <math> inside it too, and the
		// script after it is HTML, whose source is raw text.
		name:  "end tag closes the elements above it",
		input: `<svg><math></svg>` + docWrite,
		want:  []Script{inlineScript(len(docWrite) - len("<script></script>"))},
	},
	{
		name:  "math end tag closes svg inside it",
		input: `<math><svg></math>` + docWrite,
		want:  []Script{inlineScript(len(docWrite) - len("<script></script>"))},
	},
	{
		// In foreign content the script's "<!--" would open a comment that
		// hides the next script; in HTML it is script source.
		name:  "foreign content closed does not hide a script",
		input: `<svg><math></svg><script>if (a<!--b) x()</script><script src=/real.js></script>`,
		want:  []Script{inlineScript(len("if (a<!--b) x()")), externalScript("/real.js")},
	},
	{
		name:  "svg inside desc nests",
		input: `<svg><desc><svg></svg><title><script src="/decoy.js"></script></title></desc></svg>`,
		want:  nil,
	},
	{
		// The end tags </p> and </br> leave foreign content, as a breakout
		// start tag does.
		name:  "end tag p leaves foreign content",
		input: `<svg></p>` + docWrite,
		want:  []Script{inlineScript(len(docWrite) - len("<script></script>"))},
	},
	{
		name:  "end tag br leaves foreign content",
		input: `<svg></br>` + docWrite,
		want:  []Script{inlineScript(len(docWrite) - len("<script></script>"))},
	},
	{
		// Divergence: </div> closes the <div> around the <svg>, and the
		// <svg> with it, so for html.Parse this <title> is HTML raw text.
		// ParseScripts does not track HTML elements, and stays in SVG. The
		// doc comment names this corner.
		name:        "HTML end tag around svg",
		input:       `<div><svg></div><title><script src="/x.js"></script></title>`,
		want:        []Script{externalScript("/x.js")},
		treeDiffers: true,
	},
	{
		name:  "end tag of a template around svg closes it",
		input: `<template><svg></template><title><script src="/decoy.js"></script></title>`,
		want:  nil,
	},

	// <template> and <noscript>.
	{
		name:  "template scripts count",
		input: `<template><script src="/t.js"></script><div><script>t()</script></div></template>`,
		want:  []Script{externalScript("/t.js"), inlineScript(len("t()"))},
	},
	{
		// Divergence: after <col> in a template the parser is in the "in
		// column group" mode, which ignores a <script> start tag. The
		// tokenizer cannot see insertion modes.
		name:        "script after col in a template",
		input:       `<template><col><script src="/x.js"></script></template>`,
		want:        []Script{externalScript("/x.js")},
		treeDiffers: true,
	},
	{
		name:  "noscript is raw text",
		input: `<noscript><script src="/n.js"></script></noscript><script src="/a.js"></script>`,
		want:  []Script{externalScript("/a.js")},
	},
	{
		name:  "noscript in head is raw text",
		input: `<head><noscript><script src="/n.js"></script></noscript></head>`,
		want:  nil,
	},

	// Decoys: text that only looks like a script.
	{
		name:  "inside a comment",
		input: `<!-- <script src="/decoy.js"></script> --><script src="/a.js"></script>`,
		want:  []Script{externalScript("/a.js")},
	},
	{
		name:  "inside an attribute value",
		input: `<div title="<script src='/decoy.js'></script>" data-x='<script>'></div>`,
		want:  nil,
	},
	{
		name:  "inside a JS string",
		input: `<script>document.write("<script src=/decoy.js><\/script>")</script>`,
		want:  []Script{inlineScript(len(`document.write("<script src=/decoy.js><\/script>")`))},
	},
	{
		// "<!--" in script source switches to the escaped states, where
		// "<script>" means the next "</script>" does not end the script.
		name:  "double-escaped script source",
		input: `<script><!-- <script></script> --></script><script src="/b.js"></script>`,
		want:  []Script{inlineScript(len(`<!-- <script></script> -->`)), externalScript("/b.js")},
	},
	{
		name:  "inside textarea",
		input: `<textarea><script src="/decoy.js"></script></textarea>`,
		want:  nil,
	},
	{
		name:  "inside title",
		input: `<title><script src="/decoy.js"></script></title>`,
		want:  nil,
	},
	{
		name:  "inside style",
		input: `<style>/* <script src="/decoy.js"></script> */</style>`,
		want:  nil,
	},
	{
		name:  "inside xmp",
		input: `<xmp><script src="/decoy.js"></script></xmp>`,
		want:  nil,
	},
	{
		name:  "inside iframe",
		input: `<iframe><script src="/decoy.js"></script></iframe>`,
		want:  nil,
	},
	{
		name:  "inside noembed",
		input: `<noembed><script src="/decoy.js"></script></noembed>`,
		want:  nil,
	},
	{
		name:  "inside noframes",
		input: `<noframes><script src="/decoy.js"></script></noframes>`,
		want:  nil,
	},
	{
		name:  "raw text ends at its own end tag only",
		input: `<textarea></title><script src="/decoy.js"></script></textarea><script src="/a.js"></script>`,
		want:  []Script{externalScript("/a.js")},
	},
	{
		name:  "after plaintext everything is text",
		input: `<plaintext></plaintext><script src="/decoy.js"></script>`,
		want:  nil,
	},
	{
		name:  "not a tag: bad first letter",
		input: `<1script src="/decoy.js"> < script src="/decoy.js"> <scripts src="/decoy.js">`,
		want:  nil,
	},

	// Tree-building corners that the token stream cannot see.
	{
		name:  "script in table and select",
		input: `<table><script src="/t.js"></script><tr><td><select><script src="/s.js"></script></select></td></tr></table>`,
		want:  []Script{externalScript("/t.js"), externalScript("/s.js")},
	},
	{
		name:  "script after </html>",
		input: `<html><body></body></html><script src="/late.js"></script>`,
		want:  []Script{externalScript("/late.js")},
	},
	{
		// Divergence: in a frameset document the parser drops <script>
		// start tags; the tokenizer still sees them.
		name:        "script in frameset",
		input:       `<frameset><script src="/f.js"></script></frameset>`,
		want:        []Script{externalScript("/f.js")},
		treeDiffers: true,
	},
}

// A baseCase pins down which <base> sets the page's base, and which scripts
// come after it: parse's base and baseAt.
type baseCase struct {
	name   string
	input  string
	base   string
	baseAt int // scripts before the <base>; with none, all of them
}

var baseCases = []baseCase{
	{"no base", `<head><title>x</title></head><script src=a.js></script>`, "", 1},
	{"one base", `<head><base href="/docs/"></head><script src=a.js></script>`, "/docs/", 0},
	{"first base wins", `<base href="/a/"><base href="/b/">`, "/a/", 0},
	{"base without href is skipped", `<base target="_blank"><base href="/a/">`, "/a/", 0},
	{"empty href still wins", `<base href=""><base href="/b/">`, "", 0},
	{"upper case and whitespace", `<BASE HREF="  /a/ ">`, "/a/", 0},
	{"base in body counts", `<body><p><base href="/late/"></p></body>`, "/late/", 0},
	{"decoys do not count", `<!-- <base href="/c/"> --><textarea><base href="/t/"></textarea><base href="/a/">`, "/a/", 0},
	// A browser resolves a script's src when it meets the script: the ones
	// before the <base> resolve against the page's URL.
	{"base after a script", `<script src=a.js></script><base href="/b/"><script src=c.js></script>`, "/b/", 1},
	// Only an HTML <base> counts: in SVG and MathML, <base> is another
	// element, and a template's content is not in the document.
	{"base in svg", `<svg><base href="/svg/"></svg><script src=a.js></script>`, "", 1},
	{"base in math", `<math><base href="/math/"></math><script src=a.js></script>`, "", 1},
	{"base in template", `<template><base href="/t/"></template><script src=a.js></script>`, "", 1},
	{"base after template", `<template><base href="/t/"></template><base href="/a/"><script src=a.js></script>`, "/a/", 0},
	{"base in foreignObject is HTML", `<svg><foreignObject><base href="/f/"></foreignObject></svg><script src=a.js></script>`, "/f/", 0},
	{"base after svg closes", `<svg><math></svg><base href="/a/"><script src=a.js></script>`, "/a/", 0},
}

// A parseFunc is an implementation of parse. The tokenizer-based parse is the
// reference; a faster one must pass testPolicy as it does.
type parseFunc func(r io.Reader, maxScripts int) (parsed, error)

func TestParsePolicy(t *testing.T) { testPolicy(t, parse) }

// testPolicy runs the policy that ParseScripts documents against parse.
func testPolicy(t *testing.T, parse parseFunc) {
	t.Run("scripts", func(t *testing.T) {
		for _, tc := range policyCases {
			p, err := parse(strings.NewReader(tc.input), 0)
			require.NoError(t, err, tc.name)
			assert.Equal(t, tc.want, p.scripts, tc.name)
		}
	})
	t.Run("base", func(t *testing.T) {
		for _, tc := range baseCases {
			p, err := parse(strings.NewReader(tc.input), 0)
			require.NoError(t, err, tc.name)
			assert.Equal(t, tc.base, p.base, tc.name)
			assert.Equal(t, tc.baseAt, p.baseAt, tc.name)
		}
	})

	// Results must not depend on how the reader splits the input: a tag or
	// a </script> cut across two reads must come back whole.
	readers := []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"OneByteReader", iotest.OneByteReader},
		{"HalfReader", iotest.HalfReader},
		{"DataErrReader", iotest.DataErrReader}, // returns io.EOF with the last data
	}
	for _, rd := range readers {
		t.Run(rd.name, func(t *testing.T) {
			for _, tc := range policyCases {
				p, err := parse(rd.wrap(strings.NewReader(tc.input)), 0)
				require.NoError(t, err, tc.name)
				assert.Equal(t, tc.want, p.scripts, tc.name)
			}
		})
	}

	t.Run("read error", func(t *testing.T) { testReadError(t, parse) })
	t.Run("buffer aliasing", func(t *testing.T) { testBufferAliasing(t, parse) })
	t.Run("max scripts", func(t *testing.T) { testMaxScripts(t, parse) })
	t.Run("token cap", func(t *testing.T) { testTokenCap(t, parse) })
}

// TestPolicyCasesMatchTree checks the policy tables themselves against
// html.Parse, our reference for "what a browser's parser creates": every
// row agrees, but for the divergences marked treeDiffers.
func TestPolicyCasesMatchTree(t *testing.T) {
	for _, tc := range policyCases {
		tree := mustTreeScripts(t, tc.input)
		// The reference has no InlineLen: compare everything else.
		if tc.treeDiffers {
			assert.NotEqual(t, tree, withoutInlineLen(tc.want),
				"%s: row is marked treeDiffers but html.Parse agrees: unmark it", tc.name)
			continue
		}
		assert.Equal(t, tree, withoutInlineLen(tc.want), "%s: html.Parse disagrees", tc.name)
	}
	for _, tc := range baseCases {
		base, baseAt := mustTreeBase(t, tc.input)
		assert.Equal(t, tc.base, base, tc.name)
		assert.Equal(t, tc.baseAt, baseAt, tc.name)
	}
}

// treeScripts is the reference: it builds the whole tree with html.Parse
// (scripting enabled, like a browser) and collects every script element in
// document order, applying the same attribute rules as ParseScripts. It
// leaves InlineLen zero: the tree's text has had newlines normalised and
// NUL bytes replaced, so its length is not comparable.
//
// x/net/html stores a <template>'s contents as ordinary children, so the
// walk finds template scripts too (browsers keep them in a separate
// fragment, but the policy counts them).
func treeScripts(input string) ([]Script, error) {
	doc, err := html.Parse(strings.NewReader(input))
	if err != nil {
		return nil, err
	}
	var scripts []Script
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.Script {
			continue
		}
		// HTML, SVG and MathML scripts all count.
		var s Script
		for _, a := range n.Attr {
			v := strings.TrimSpace(a.Val)
			switch {
			case a.Namespace == "" && a.Key == "src":
				s.Src = v
			case n.Namespace != "" && s.Src == "" &&
				(a.Namespace == "" || a.Namespace == "xlink") && a.Key == "href":
				s.Src = v // SVG's href or xlink:href
			case a.Namespace == "" && a.Key == "type":
				s.Type = v
			case a.Namespace == "" && a.Key == "async":
				s.Async = true
			case a.Namespace == "" && a.Key == "defer":
				s.Defer = true
			}
		}
		scripts = append(scripts, s)
	}
	return scripts, nil
}

// mustTreeScripts is treeScripts for inputs that html.Parse must accept.
func mustTreeScripts(t testing.TB, input string) []Script {
	t.Helper()
	scripts, err := treeScripts(input)
	require.NoError(t, err, "html.Parse")
	return scripts
}

// mustTreeBase is the reference for the base: the href of the first HTML
// <base> with one in the tree, outside any <template>, and the number of
// scripts before it in document order.
func mustTreeBase(t testing.TB, input string) (href string, scriptsBefore int) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(input))
	require.NoError(t, err, "html.Parse")
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		for c := range n.ChildNodes() {
			switch {
			case c.Type != html.ElementNode:
				continue
			case c.DataAtom == atom.Script:
				scriptsBefore++
			case c.DataAtom == atom.Template && c.Namespace == "":
				continue // its content is not in the document
			case c.DataAtom == atom.Base && c.Namespace == "":
				for _, a := range c.Attr {
					if a.Namespace == "" && a.Key == "href" {
						href = strings.TrimSpace(a.Val)
						return true
					}
				}
			}
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return href, scriptsBefore
}

// withoutInlineLen returns a copy of scripts with InlineLen zeroed, for
// comparison with treeScripts.
func withoutInlineLen(scripts []Script) []Script {
	if scripts == nil {
		return nil
	}
	out := make([]Script, len(scripts))
	for i, s := range scripts {
		s.InlineLen = 0
		out[i] = s
	}
	return out
}

// errReader returns its data, then err instead of io.EOF: a connection that
// breaks mid-body.
type errReader struct {
	data string
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// testReadError checks that a body cut short never looks like a complete
// page: the complete scripts before the error are not returned.
func testReadError(t *testing.T, parse parseFunc) {
	errBroken := errors.New("connection reset")
	page := strings.Repeat(`<p>filler text</p><script src="/a.js"></script>`, 200) // ~10 KB

	p, err := parse(&errReader{data: page, err: errBroken}, 0)
	assert.ErrorIs(t, err, errBroken, "non-EOF error after the data")
	assert.Nil(t, p.scripts)

	p, err = parse(&errReader{data: `<base href="/a/"><script src="/a.js"></script><scr`, err: errBroken}, 0)
	assert.ErrorIs(t, err, errBroken, "error in the middle of a tag")
	assert.Equal(t, parsed{}, p)

	// The tokenizer's first read takes 4 KB, so a 10 KB page needs more.
	p, err = parse(iotest.TimeoutReader(strings.NewReader(page)), 0)
	assert.ErrorIs(t, err, iotest.ErrTimeout, "timeout on the second read")
	assert.Nil(t, p.scripts)
}

// testBufferAliasing checks that every value is copied out of the
// tokenizer's buffer, which it reuses and grows as it reads: keeping a
// []byte from TagAttr would corrupt earlier scripts.
func testBufferAliasing(t *testing.T, parse parseFunc) {
	const n = 300
	var page strings.Builder
	want := make([]Script, 0, n)
	page.WriteString("<!doctype html><html><head><title>aliasing</title></head><body>\n")
	for i := range n {
		// Filler between the scripts makes the document large (~300 KB),
		// so the tokenizer's buffer is refilled and moved many times.
		fmt.Fprintf(&page, "<div class=\"row-%d\"><p>%s</p></div>\n", i, strings.Repeat("lorem ipsum ", 80))
		src := fmt.Sprintf("/static/js/chunk-%03d.%x.js", i, i*7919)
		typ := []string{"", "module", "text/javascript"}[i%3]
		fmt.Fprintf(&page, "<script src=\"%s\" type=\"%s\"></script>\n", src, typ)
		want = append(want, Script{Src: src, Type: typ})
	}
	page.WriteString("</body></html>\n")

	p, err := parse(strings.NewReader(page.String()), 0)
	require.NoError(t, err)
	require.Equal(t, want, p.scripts)
}

// testMaxScripts: with a cap, parse stops at the first script over it;
// with 0 it has none.
func testMaxScripts(t *testing.T, parse parseFunc) {
	page := strings.Repeat(`<script src=a.js></script>`, 3)
	p, err := parse(strings.NewReader(page), 3)
	require.NoError(t, err)
	assert.Len(t, p.scripts, 3)

	p, err = parse(strings.NewReader(page), 2)
	require.ErrorIs(t, err, ErrTooManyScripts)
	assert.Nil(t, p.scripts)

	p, err = parse(strings.NewReader(strings.Repeat(`<svg><script/>`, 3)), 2)
	require.ErrorIs(t, err, ErrTooManyScripts, "foreign scripts count too")
	assert.Nil(t, p.scripts)
}

// testTokenCap: one token, a tag, a comment or a run of text, must be shorter
// than MaxTokenBytes; a longer one fails the page with ErrTooLarge, never
// silently. An inline script of half the cap is fine.
func testTokenCap(t *testing.T, parse parseFunc) {
	over := MaxTokenBytes + 1
	pages := map[string]string{
		"start tag of attribute names": "<p" + strings.Repeat(" a", over/2) + ">",
		"comment":                      "<!--" + strings.Repeat("x", over) + "-->",
		"script source":                "<script>" + strings.Repeat("x", over) + "</script>",
		"text":                         "<p>" + strings.Repeat("x", over),
	}
	for name, page := range pages {
		p, err := parse(strings.NewReader(page), 0)
		require.ErrorIs(t, err, ErrTooLarge, name)
		assert.Nil(t, p.scripts, name)
	}

	page := "<script>" + strings.Repeat("x", MaxTokenBytes/2) + "</script>"
	p, err := parse(strings.NewReader(page), 0)
	require.NoError(t, err)
	assert.Equal(t, []Script{inlineScript(MaxTokenBytes / 2)}, p.scripts)
}
