package fetchbench

import (
	"strings"

	"golang.org/x/net/html"
)

// foreignStack holds the open elements of foreign content, SVG and MathML,
// as a parser's stack of open elements would, from the outermost <svg> or
// <math> opened in HTML on. It follows the HTML spec's rules for tokens in
// foreign content: an end tag closes the innermost open element of its name,
// a breakout tag such as <p> (and the end tags </p> and </br>) leaves
// foreign content, and inside an integration point such as <foreignObject>
// start tags are HTML again. HTML elements are not tracked: parse needs to
// know only whether a tag is read as HTML or as foreign content.
type foreignStack []foreignElement

type foreignElement struct {
	name  string // lower case, as the tokenizer gives it
	math  bool   // a MathML element; otherwise SVG
	root  bool   // an <svg> or <math> opened in HTML
	point point  // whether HTML may appear inside it
}

// A point says how an element's content is read.
type point uint8

const (
	notPoint      point = iota // foreign content
	htmlPoint                  // start tags and text are HTML: <foreignObject>, <desc>, <title> in SVG
	mathTextPoint              // start tags other than <mglyph> and <malignmark> are HTML: <mi>, <mo>, <mn>, <ms>, <mtext>
	annotation                 // <annotation-xml> without an HTML encoding: only <svg> is read as HTML
)

// htmlStart reports whether a start tag named name is read as HTML: outside
// foreign content, or at an integration point that lets it in.
func (s foreignStack) htmlStart(name []byte) bool {
	if len(s) == 0 {
		return true
	}
	switch s[len(s)-1].point {
	case htmlPoint:
		return true
	case mathTextPoint:
		return string(name) != "mglyph" && string(name) != "malignmark"
	case annotation:
		return string(name) == "svg"
	}
	return false
}

// openRoot opens an <svg> or <math> that starts in HTML.
func (s *foreignStack) openRoot(name []byte) {
	*s = append(*s, foreignElement{name: string(name), math: string(name) == "math", root: true})
}

// open opens a foreign element inside the current one, in its namespace: in
// SVG, <math> is an SVG element, not a MathML root. z is at the start tag,
// with its attributes unread if hasAttr.
func (s *foreignStack) open(z *html.Tokenizer, name []byte, hasAttr bool) {
	math := (*s)[len(*s)-1].math
	e := foreignElement{name: string(name), math: math}
	switch {
	case !math && (e.name == "foreignobject" || e.name == "desc" || e.name == "title"):
		e.point = htmlPoint
	case math && (e.name == "mi" || e.name == "mo" || e.name == "mn" || e.name == "ms" || e.name == "mtext"):
		e.point = mathTextPoint
	case math && e.name == "annotation-xml":
		e.point = annotation
		if enc, _ := attr(z, hasAttr, "encoding"); isHTMLEncoding(enc) {
			e.point = htmlPoint
		}
	}
	*s = append(*s, e)
}

func isHTMLEncoding(enc string) bool {
	return strings.EqualFold(enc, "text/html") || strings.EqualFold(enc, "application/xhtml+xml")
}

// breakOut pops the elements that a breakout tag leaves: every foreign
// element above the innermost integration point.
func (s *foreignStack) breakOut() {
	for len(*s) > 0 && (*s)[len(*s)-1].point == notPoint {
		*s = (*s)[:len(*s)-1]
	}
}

// close handles an end tag named name in foreign content: it pops the
// innermost open element of that name, and all above it, looking no further
// than the innermost root. It reports whether it found one; if not, the end
// tag is for an HTML element.
func (s *foreignStack) close(name []byte) bool {
	for i := len(*s) - 1; i >= 0; i-- {
		if (*s)[i].name == string(name) {
			*s = (*s)[:i]
			return true
		}
		if (*s)[i].root {
			return false
		}
	}
	return false
}

// closeRoot pops the innermost root and all above it: an HTML end tag such
// as </template> closed an element around it.
func (s *foreignStack) closeRoot() {
	for i := len(*s) - 1; i >= 0; i-- {
		if (*s)[i].root {
			*s = (*s)[:i]
			return
		}
	}
}

// breakout holds the start tags that leave foreign content (the HTML spec,
// "parsing tokens in foreign content"), and <font> with color, face or size.
var breakout = map[string]bool{
	"b": true, "big": true, "blockquote": true, "body": true, "br": true,
	"center": true, "code": true, "dd": true, "div": true, "dl": true,
	"dt": true, "em": true, "embed": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "head": true, "hr": true, "i": true,
	"img": true, "li": true, "listing": true, "menu": true, "meta": true,
	"nobr": true, "ol": true, "p": true, "pre": true, "ruby": true, "s": true,
	"small": true, "span": true, "strong": true, "strike": true, "sub": true,
	"sup": true, "table": true, "tt": true, "u": true, "ul": true, "var": true,
}
