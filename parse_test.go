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

// A goldenCase pins down one rule of the script policy in ParseScripts' doc
// comment: an input and exactly the scripts it must yield.
type goldenCase struct {
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

// goldenCases is shared with FuzzParseScripts, which uses the inputs as seeds.
var goldenCases = []goldenCase{
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
		// Divergence: html.Parse leaves foreign content at a breakout tag
		// such as <p>, so this <title> is HTML raw text there. ParseScripts
		// only counts open <svg> and <math>, so it still sees foreign
		// content and counts the script. The doc comment names this corner.
		name:        "breakout tag leaves foreign content",
		input:       `<svg><p><title><script src="/x.js"></script></title>`,
		want:        []Script{externalScript("/x.js")},
		treeDiffers: true,
	},
	{
		// Divergence: <foreignObject> is an HTML integration point, so for
		// html.Parse this <title> is HTML raw text. The same corner as above.
		name:        "foreignObject is HTML again",
		input:       `<svg><foreignObject><title><script src="/x.js"></script></title></foreignObject></svg>`,
		want:        []Script{externalScript("/x.js")},
		treeDiffers: true,
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

func TestParseScriptsGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseScripts(strings.NewReader(tc.input))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)

			// The reference has no InlineLen: compare everything else.
			tree := mustTreeScripts(t, tc.input)
			if tc.treeDiffers {
				assert.NotEqual(t, tree, withoutInlineLen(got),
					"row is marked treeDiffers but html.Parse agrees: unmark it")
				return
			}
			assert.Equal(t, tree, withoutInlineLen(got), "html.Parse reference disagrees")
		})
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

// TestParseBase checks the second result of parse: the href of the first
// <base> element that has one, which Get resolves src attributes against.
func TestParseBase(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"no base", `<head><title>x</title></head>`, ""},
		{"one base", `<head><base href="/docs/"></head>`, "/docs/"},
		{"first base wins", `<base href="/a/"><base href="/b/">`, "/a/"},
		{"base without href is skipped", `<base target="_blank"><base href="/a/">`, "/a/"},
		{"empty href still wins", `<base href=""><base href="/b/">`, ""},
		{"upper case and whitespace", `<BASE HREF="  /a/ ">`, "/a/"},
		{"base in body counts", `<body><p><base href="/late/"></p></body>`, "/late/"},
		{"decoys do not count", `<!-- <base href="/c/"> --><textarea><base href="/t/"></textarea><base href="/a/">`, "/a/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, base, err := parse(strings.NewReader(tc.input), 0)
			require.NoError(t, err)
			assert.Equal(t, tc.want, base)
		})
	}

	t.Run("scripts are still returned", func(t *testing.T) {
		scripts, base, err := parse(strings.NewReader(`<base href="/a/"><script src="b.js"></script>`), 0)
		require.NoError(t, err)
		assert.Equal(t, "/a/", base)
		assert.Equal(t, []Script{externalScript("b.js")}, scripts)
	})
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

// TestParseScriptsReadError checks that a body cut short never looks like a
// complete page: the complete scripts before the error are not returned.
func TestParseScriptsReadError(t *testing.T) {
	errBroken := errors.New("connection reset")
	page := strings.Repeat(`<p>filler text</p><script src="/a.js"></script>`, 200) // ~10 KB

	t.Run("non-EOF error after the data", func(t *testing.T) {
		scripts, err := ParseScripts(&errReader{data: page, err: errBroken})
		assert.ErrorIs(t, err, errBroken)
		assert.Nil(t, scripts)
	})

	t.Run("error in the middle of a tag", func(t *testing.T) {
		scripts, base, err := parse(&errReader{data: `<base href="/a/"><script src="/a.js"></script><scr`, err: errBroken}, 0)
		assert.ErrorIs(t, err, errBroken)
		assert.Nil(t, scripts)
		assert.Empty(t, base)
	})

	t.Run("timeout on the second read", func(t *testing.T) {
		// The tokenizer's first read takes 4 KB, so a 10 KB page needs more.
		scripts, err := ParseScripts(iotest.TimeoutReader(strings.NewReader(page)))
		assert.ErrorIs(t, err, iotest.ErrTimeout)
		assert.Nil(t, scripts)
	})
}

// TestParseScriptsReaders checks that results do not depend on how the
// reader splits the input: a tag or a </script> cut across two reads must
// come back whole.
func TestParseScriptsReaders(t *testing.T) {
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
			for _, tc := range goldenCases {
				got, err := ParseScripts(rd.wrap(strings.NewReader(tc.input)))
				require.NoError(t, err, tc.name)
				assert.Equal(t, tc.want, got, tc.name)
			}
		})
	}
}

// TestParseScriptsBufferAliasing checks that every value is copied out of
// the tokenizer's buffer, which it reuses and grows as it reads: keeping a
// []byte from TagAttr would corrupt earlier scripts.
func TestParseScriptsBufferAliasing(t *testing.T) {
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

	got, err := ParseScripts(strings.NewReader(page.String()))
	require.NoError(t, err)
	require.Equal(t, want, got)
}

// With a cap, parse stops at the first script over it; ParseScripts has
// none.
func TestParseMaxScripts(t *testing.T) {
	page := strings.Repeat(`<script src=a.js></script>`, 3)
	scripts, _, err := parse(strings.NewReader(page), 3)
	require.NoError(t, err)
	assert.Len(t, scripts, 3)

	scripts, _, err = parse(strings.NewReader(page), 2)
	require.ErrorIs(t, err, ErrTooManyScripts)
	assert.Nil(t, scripts)
}
