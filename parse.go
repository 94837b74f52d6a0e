package fetchbench

import (
	"bytes"
	"fmt"
	"io"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ParseScripts streams an HTML document through the x/net/html tokenizer and
// returns its <script> elements in document order. It holds only the current
// token in memory, never the whole tree.
//
// The policy is to report the <script> elements that an HTML5 parser with
// scripting enabled (a browser) would create:
//
//   - Tag names are case-insensitive: <SCRIPT> counts.
//   - Scripts inside <svg> and <math> count; SVG scripts may use href or
//     xlink:href instead of src, and those are reported as Src too. An SVG
//     script's text is markup, not raw text, and <script/> there is empty.
//   - Scripts inside <template> count: the parser creates them, though a
//     browser runs them only once the template is cloned into the page.
//   - Every type counts: "module", "importmap", "application/ld+json" and
//     so on. Type holds the attribute so that a caller can filter.
//   - Text that only looks like a script does not count: inside comments,
//     attribute values, a script's own source (a JS string), and the raw
//     text of <textarea>, <title>, <style>, <xmp>, <iframe>, <noembed>,
//     <noframes> and <noscript>. (With scripting enabled, a browser reads
//     <noscript> as raw text.)
//
// The tokenizer does not build a tree, so a few corners differ from a full
// parser, each pinned down in parse_test.go. Foreign content is tracked only
// by counting open <svg> and <math> elements, while a parser also leaves it at
// a breakout tag such as <p>, or inside <foreignObject>. And a parser drops a
// script in two places where its insertion rules allow none: inside
// <frameset>, and after <col> in a <template>.
//
// ParseScripts returns the first read error, with no scripts: a body cut
// short never looks like a complete page. It returns every script, however
// many; Get stops at Options.MaxScripts.
func ParseScripts(r io.Reader) ([]Script, error) {
	scripts, _, err := parse(r, 0)
	return scripts, err
}

// parse does the work of ParseScripts and also returns the href of the first
// <base> element, which Get needs to resolve relative src attributes. With
// maxScripts > 0, it stops with ErrTooManyScripts at the script after
// maxScripts.
func parse(r io.Reader, maxScripts int) (scripts []Script, base string, err error) {
	z := html.NewTokenizer(r)
	foreign := 0 // depth of open <svg> and <math> elements
	inline := -1 // index of the script whose source text comes next
	haveBase := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return nil, "", err
			}
			return scripts, base, nil

		case html.TextToken:
			if inline >= 0 && scripts[inline].Src == "" {
				scripts[inline].InlineLen = len(z.Raw())
			}

		case html.StartTagToken, html.SelfClosingTagToken:
			// Most tags are neither script, base, svg nor math. Checking the
			// first letter of the raw tag first skips TagName, which
			// allocates, for nearly all of them.
			if !isCandidateTag(z.Raw()) {
				if foreign > 0 {
					z.NextIsNotRawText() // <svg><title> is not raw text
				}
				break
			}
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Script:
				if len(scripts) == maxScripts && maxScripts > 0 {
					return nil, "", fmt.Errorf("%w: more than %d", ErrTooManyScripts, maxScripts)
				}
				scripts = append(scripts, readScript(z, hasAttr, foreign > 0))
				inline = len(scripts) - 1
				if foreign > 0 {
					// An SVG or MathML script is an ordinary element: its
					// text is markup, not raw text, and <script/> really is
					// empty. Otherwise <svg><script href="a.js"/></svg>
					// would swallow the page up to the next </script>.
					z.NextIsNotRawText()
					if tt == html.SelfClosingTagToken {
						inline = -1
					}
				}
				continue // keep inline set for the text token that follows
			case atom.Base:
				if !haveBase && hasAttr {
					base, haveBase = attr(z, "href")
				}
			case atom.Svg, atom.Math:
				if tt == html.StartTagToken {
					foreign++
				}
			default:
				if foreign > 0 {
					z.NextIsNotRawText() // <svg><style> is not raw text
				}
			}

		case html.EndTagToken:
			// Raw is "</svg>": skip the '<' so the name's first letter is at [1].
			if foreign > 0 && isCandidateTag(z.Raw()[1:]) {
				if a := atom.Lookup(tagName(z)); a == atom.Svg || a == atom.Math {
					foreign--
				}
			}
		}
		z.AllowCDATA(foreign > 0) // <![CDATA[ ]]> is text only in foreign content
		inline = -1
	}
}

// isCandidateTag reports whether raw, a tag such as "<script src=…>", might
// name script, base, svg or math: whether it starts with one of their letters.
func isCandidateTag(raw []byte) bool {
	if len(raw) < 2 {
		return false
	}
	switch raw[1] | 0x20 { // ASCII lower case
	case 's', 'b', 'm':
		return true
	}
	return false
}

// tagName returns the current tag's lower-case name.
func tagName(z *html.Tokenizer) []byte {
	name, _ := z.TagName()
	return name
}

// readScript reads a script start tag's attributes. The tokenizer reuses its
// buffers on the next call, so every value is copied into a string. Only a
// script in foreign content (SVG) takes its source from href: on an HTML
// script, href means nothing and the browser runs the inline text.
func readScript(z *html.Tokenizer, hasAttr, foreign bool) Script {
	var s Script
	for hasAttr {
		var key, val []byte
		key, val, hasAttr = z.TagAttr()
		switch string(key) {
		case "src":
			s.Src = string(bytes.TrimSpace(val))
		case "href", "xlink:href": // SVG scripts
			if foreign && s.Src == "" {
				s.Src = string(bytes.TrimSpace(val))
			}
		case "type":
			s.Type = string(bytes.TrimSpace(val))
		case "async":
			s.Async = true
		case "defer":
			s.Defer = true
		}
	}
	return s
}

// attr returns the value of the current tag's attribute named key.
func attr(z *html.Tokenizer, key string) (string, bool) {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(bytes.TrimSpace(v)), true
		}
		if !more {
			return "", false
		}
	}
}
