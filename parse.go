package fetchbench

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ParseScripts streams an HTML document through a scanner that follows the
// x/net/html tokenizer (see scan in scan.go) and returns its <script>
// elements in document order. It holds only the current token in memory,
// never the whole tree.
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
//   - Document order is the order of the source. A parser's tree may move a
//     script: foster parenting puts the one in <table><a><script> before
//     the table.
//
// Foreign content follows the spec's rules for it, with a stack of the open
// SVG and MathML elements: an end tag closes the innermost open element of
// its name and every element above it (</svg> closes a <math> inside it); a
// breakout start tag such as <p> or <div>, and the end tags </p> and </br>,
// leave foreign content; and inside an integration point (<foreignObject>,
// <desc> and <title> in SVG, <mi> and the other MathML text elements, an
// <annotation-xml> of HTML) start tags are HTML again.
//
// The tokenizer does not build a tree, so a few corners differ from a full
// parser, each pinned down in parse_test.go. HTML elements are not tracked:
// an HTML end tag that closes an element around an <svg>, such as </div> in
// <div><svg></div>, leaves foreign content for a parser but not here (only
// </template> is followed). And a parser drops a script in two places where
// its insertion rules allow none: inside <frameset>, and after <col> in a
// <template>.
//
// Get resolves each src as a browser does. The first <base> with an href
// sets the page's base, but only a <base> in HTML, not one in SVG, MathML
// or a <template>; and only the scripts after it resolve against it, since a
// browser resolves a script's src when it meets the script. The scripts
// before it resolve against the page's URL.
//
// One token (a tag with its attributes, a comment, or a run of text such as
// a script's source) must be shorter than MaxTokenBytes, and no more than
// MaxForeignDepth SVG and MathML elements may be open at once, or
// ParseScripts fails with ErrTooLarge.
//
// ParseScripts returns the first read error, with no scripts: a body cut
// short never looks like a complete page. It returns every script, however
// many; Get stops at Options.MaxScripts.
func ParseScripts(r io.Reader) ([]Script, error) {
	p, err := scan(r, 0)
	return p.scripts, err
}

// A parsed page: what parse found.
type parsed struct {
	scripts []Script

	// base is the href of the page's <base>, as written: the first <base>
	// with an href in HTML, outside <template>. Only scripts[baseAt:], the
	// scripts after it, resolve against it; the ones before resolve against
	// the page's URL. Without a <base>, baseAt is len(scripts).
	base   string
	baseAt int
}

// parseState is what a parse has learned so far. parse, the reference in
// parse_ref_test.go, reads every token with tokens; scan reads HTML itself,
// and hands foreign content to tokens.
type parseState struct {
	p          parsed
	haveBase   bool
	foreign    foreignStack // open SVG and MathML elements
	template   int          // depth of open HTML <template> elements
	maxScripts int
}

// finish returns the parsed page, once the input has ended.
func (st *parseState) finish() parsed {
	if !st.haveBase {
		st.p.baseAt = len(st.p.scripts)
	}
	return st.p
}

// tokens reads z's tokens and applies the policy to each, up to the end of
// the input, and then reports done. If handBack is not nil, tokens also asks
// it after each token outside foreign content, and stops if it says so.
func (st *parseState) tokens(z *html.Tokenizer, handBack func(html.TokenType) bool) (done bool, err error) {
	inline := -1 // index of the script whose source text comes next
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			err := z.Err()
			if err == io.EOF {
				return true, nil
			}
			if errors.Is(err, html.ErrBufferExceeded) {
				err = fmt.Errorf("%w: a tag, comment or text over %d bytes", ErrTooLarge, MaxTokenBytes)
			}
			return false, err

		case html.TextToken:
			if inline >= 0 && st.p.scripts[inline].Src == "" {
				st.p.scripts[inline].InlineLen = len(z.Raw())
			}

		case html.StartTagToken, html.SelfClosingTagToken:
			// In HTML, most tags are none that parse looks at. Checking the
			// raw tag's first letters skips TagName, which allocates, for
			// nearly all of them.
			if st.foreign.depth() == 0 && !isCandidateTag(z.Raw()) {
				break
			}
			name, hasAttr := z.TagName()
			closed := tt == html.SelfClosingTagToken
			if !st.foreign.htmlStart(name) {
				if breakout[string(name)] || string(name) == "font" && isFontBreakout(z, hasAttr) {
					st.foreign.breakOut() // and the tag is read as HTML, where parse ignores it
					break
				}
				// A foreign element's text is markup, never raw text, even
				// in <title> or <style>, and <script/> really is empty.
				// Otherwise <svg><script href="a.js"/></svg> would swallow
				// the page up to the next </script>.
				z.NextIsNotRawText()
				if atom.Lookup(name) == atom.Script {
					if err := st.p.addScript(z, hasAttr, true, st.maxScripts); err != nil {
						return false, err
					}
					inline = len(st.p.scripts) - 1
					if closed {
						inline = -1
					}
				}
				if !closed {
					if err := st.foreign.open(z, name, hasAttr); err != nil {
						return false, err
					}
				}
				if inline >= 0 {
					continue // keep inline set for the text token that follows
				}
				break
			}
			switch atom.Lookup(name) {
			case atom.Script:
				if err := st.p.addScript(z, hasAttr, false, st.maxScripts); err != nil {
					return false, err
				}
				inline = len(st.p.scripts) - 1
				continue // keep inline set for the text token that follows
			case atom.Base:
				// Only the first <base> with an href sets the base, and only
				// in the document: a template's content is not.
				if !st.haveBase && st.template == 0 {
					if href, ok := attr(z, hasAttr, "href"); ok {
						st.p.base, st.p.baseAt, st.haveBase = href, len(st.p.scripts), true
					}
				}
			case atom.Svg, atom.Math:
				if !closed {
					if err := st.foreign.openRoot(name); err != nil {
						return false, err
					}
				}
			case atom.Template:
				st.template++
			}

		case html.EndTagToken:
			// Raw is "</svg>": skip the '<' so the name's first letter is at [1].
			if st.foreign.depth() == 0 && !isCandidateTag(z.Raw()[1:]) {
				break
			}
			name := tagName(z)
			if st.foreign.depth() > 0 {
				if string(name) == "p" || string(name) == "br" {
					st.foreign.breakOut()
					break
				}
				if st.foreign.close(name) {
					break
				}
			}
			if atom.Lookup(name) == atom.Template && st.template > 0 {
				st.template--
				st.foreign.closeRoot() // the template held it
			}
		}
		z.AllowCDATA(st.foreign.depth() > 0) // <![CDATA[ ]]> is text only in foreign content
		inline = -1
		if handBack != nil && st.foreign.depth() == 0 && handBack(tt) {
			return false, nil
		}
	}
}

// addScript appends the script at z's start tag, or fails with
// ErrTooManyScripts if there are maxScripts already.
func (p *parsed) addScript(z *html.Tokenizer, hasAttr, foreign bool, maxScripts int) error {
	if len(p.scripts) == maxScripts && maxScripts > 0 {
		return fmt.Errorf("%w: more than %d", ErrTooManyScripts, maxScripts)
	}
	p.scripts = append(p.scripts, readScript(z, hasAttr, foreign))
	return nil
}

// isCandidateTag reports whether raw, a tag such as "<script src=…>", might
// name script, base, svg, math or template.
func isCandidateTag(raw []byte) bool {
	if len(raw) < 4 {
		return false
	}
	switch raw[1] | 0x20 { // ASCII lower case
	case 's', 'b', 'm':
		return true
	case 't':
		return raw[2]|0x20 == 'e' && raw[3]|0x20 == 'm'
	}
	return false
}

// isFontBreakout reports whether a <font> start tag leaves foreign content:
// it does with a color, face or size attribute.
func isFontBreakout(z *html.Tokenizer, hasAttr bool) bool {
	for hasAttr {
		var key []byte
		key, _, hasAttr = z.TagAttr()
		switch string(key) {
		case "color", "face", "size":
			return true
		}
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

// attr returns the value of the current tag's attribute named key. hasAttr
// is what TagName returned: whether the tag has attributes left to read.
func attr(z *html.Tokenizer, hasAttr bool, key string) (string, bool) {
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		if string(k) == key {
			return string(bytes.TrimSpace(v)), true
		}
	}
	return "", false
}
