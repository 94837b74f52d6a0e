package fetchbench

import (
	"fmt"
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
//
// An end tag that matches nothing open must cost O(1), not a walk down the
// stack: a page of <svg>, then <g> 100,000 times, then </x> 100,000 times,
// took 22.7 s with the walk. So the stack counts, by name, the elements
// open above its innermost root, and a pop keeps the count.
type foreignStack struct {
	elems  []foreignElement
	roots  []int               // the indexes of the roots in elems, innermost last
	counts map[foreignName]int // elements open above each root, the root included
}

// A foreignName is an element's name within the segment of the stack that
// starts at the root with index root.
type foreignName struct {
	root int
	name string
}

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

// depth is the number of foreign elements open: 0 outside foreign content.
func (s *foreignStack) depth() int { return len(s.elems) }

// htmlStart reports whether a start tag named name is read as HTML: outside
// foreign content, or at an integration point that lets it in.
func (s *foreignStack) htmlStart(name []byte) bool {
	if len(s.elems) == 0 {
		return true
	}
	switch s.elems[len(s.elems)-1].point {
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
func (s *foreignStack) openRoot(name []byte) error {
	if err := s.room(); err != nil {
		return err
	}
	s.roots = append(s.roots, len(s.elems))
	s.push(foreignElement{name: string(name), math: string(name) == "math", root: true})
	return nil
}

// room fails when MaxForeignDepth elements are open.
func (s *foreignStack) room() error {
	if len(s.elems) >= MaxForeignDepth {
		return fmt.Errorf("%w: SVG and MathML nested over %d deep", ErrTooLarge, MaxForeignDepth)
	}
	return nil
}

// open opens a foreign element inside the current one, in its namespace: in
// SVG, <math> is an SVG element, not a MathML root. z is at the start tag,
// with its attributes unread if hasAttr.
func (s *foreignStack) open(z *html.Tokenizer, name []byte, hasAttr bool) error {
	if err := s.room(); err != nil {
		return err
	}
	math := s.elems[len(s.elems)-1].math
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
	s.push(e)
	return nil
}

// push opens e, and counts it in its root's segment.
func (s *foreignStack) push(e foreignElement) {
	if s.counts == nil {
		s.counts = make(map[foreignName]int)
	}
	s.elems = append(s.elems, e)
	s.counts[foreignName{s.roots[len(s.roots)-1], e.name}]++
}

// pop closes the innermost open element.
func (s *foreignStack) pop() {
	top := len(s.elems) - 1
	root := s.roots[len(s.roots)-1]
	key := foreignName{root, s.elems[top].name}
	if s.counts[key]--; s.counts[key] == 0 {
		delete(s.counts, key) // the map holds no more names than are open
	}
	if top == root {
		s.roots = s.roots[:len(s.roots)-1]
	}
	s.elems = s.elems[:top]
}

func isHTMLEncoding(enc string) bool {
	return strings.EqualFold(enc, "text/html") || strings.EqualFold(enc, "application/xhtml+xml")
}

// breakOut pops the elements that a breakout tag leaves: every foreign
// element above the innermost integration point.
func (s *foreignStack) breakOut() {
	for len(s.elems) > 0 && s.elems[len(s.elems)-1].point == notPoint {
		s.pop()
	}
}

// close handles an end tag named name in foreign content: it pops the
// innermost open element of that name, and all above it, looking no further
// than the innermost root. It reports whether it found one; if not, the end
// tag is for an HTML element.
func (s *foreignStack) close(name []byte) bool {
	if s.counts[foreignName{s.roots[len(s.roots)-1], string(name)}] == 0 {
		return false
	}
	for s.elems[len(s.elems)-1].name != string(name) {
		s.pop()
	}
	s.pop()
	return true
}

// closeRoot pops the innermost root and all above it: an HTML end tag such
// as </template> closed an element around it.
func (s *foreignStack) closeRoot() {
	if len(s.roots) == 0 {
		return
	}
	for root := s.roots[len(s.roots)-1]; len(s.elems) > root; {
		s.pop()
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
