package fetchbench

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"golang.org/x/net/html"
)

// scan is the parse behind ParseScripts and Get. For every input it returns
// what parse, the tokenizer loop that is its reference, returns, and it runs
// several times faster.
//
// A general tokenizer turns every tag into a token: it reads the input one
// byte at a time, lower-cases each tag name and copies each attribute. Most of
// a page is tags and text that the policy ignores. So scan looks for the next
// '<' with bytes.IndexByte, which compares many bytes at once, reads only as
// much of each tag as it takes to find where the tag ends, and copies
// attributes only from <script> and <base>. It is a preload scanner, the
// part of a browser that finds the scripts to fetch before the page is
// parsed.
//
// To give the reference's answers, scan follows x/net/html's tokenizer state
// by state, quirks included, and each method names the tokenizer function it
// mirrors. A '>' in a quoted attribute value does not end a tag, comments end
// where the tokenizer ends them, and the text of <textarea>, <title>,
// <style>, <xmp>, <iframe>, <noembed>, <noframes>, <noscript> and <script>
// is skipped up to its own end tag, with the escaped states of a script's
// text ("<!--" and "<script>" inside it). One token must be shorter than
// MaxTokenBytes, counted as the tokenizer counts it, with the bytes it reads
// ahead. TestScanPolicy, TestHTML5Lib and FuzzScanEqual check all this
// against parse.
//
// scan hands two things over to x/net/html:
//
//   - Foreign content. At an <svg> or <math> start tag in HTML, scan hands
//     the input to the tokenizer and to parse's own loop, tokens, which
//     follow the spec's rules for SVG and MathML (a stack of open elements,
//     breakout tags, integration points, CDATA). They hand it back at the
//     first end tag outside foreign content after 4 KiB (see handOver).
//     Those rules are long and inline SVG is a small part of a page, so
//     scan does not repeat them.
//   - An attribute value of a <script> or <base> that holds '&', '\r' or a
//     NUL byte. Decoding character references in an attribute has its own
//     rules, which x/net/html exports only through its tokenizer, so scan
//     hands the value to a tokenizer of its own (see attrDecoder). A page
//     needs this rarely, for a src such as "/a.js?x=1&amp;y=2".
//
// scan reads through a buffer that holds the current tag, or the last few
// bytes of the current text, so its memory does not grow with the page. It
// takes the buffer from a pool, and otherwise allocates only what it
// returns, bar the hand-overs and a tag too long for the buffer.
func scan(r io.Reader, maxScripts int) (parsed, error) {
	buf := scanBufs.Get().(*[]byte)
	s := scanner{
		r:             r,
		buf:           (*buf)[:0],
		maxToken:      MaxTokenBytes,
		handBackAfter: handBackAfter,
		st:            parseState{maxScripts: maxScripts},
	}
	err := s.run()
	if cap(s.buf) == scanBufSize { // not one grown for a long tag
		*buf = s.buf[:0]
		scanBufs.Put(buf)
	}
	if err != nil {
		return parsed{}, err
	}
	return s.st.finish(), nil
}

// scanBufSize is the buffer's first size; a longer tag grows it.
const scanBufSize = 16 << 10

// scanBufs holds buffers for scan to reuse: a short page costs less to scan
// than a new buffer costs to allocate and clear.
var scanBufs = sync.Pool{New: func() any {
	buf := make([]byte, 0, scanBufSize)
	return &buf
}}

// lookback is how many bytes before the current position a text scan keeps:
// the most that a comment's end, "--!>", needs to look back.
const lookback = 3

// A scanner is the state of one scan: the input, and what the policy has
// found so far.
type scanner struct {
	r       io.Reader
	buf     []byte // input from stream offset off
	off     int    // stream offset of buf[0]
	i       int    // index in buf of the next byte
	end     int    // buf[:end] may be read: the bytes before the token cap
	keep    int    // index in buf of the first byte still needed: fill keeps buf[keep:]
	readErr error  // the reader's last error, reported once buf is used up
	err     error  // why the scan stopped: io.EOF at the end of the input

	token    int // stream offset where the current token starts
	maxToken int // a token must be shorter than this

	handBackAfter int // the least input a hand-over reads with the tokenizer

	st      parseState  // what the policy has found, shared with parse's tokens
	decoder attrDecoder // for the rare attribute value with a character reference
}

// run scans the whole input, in the tokenizer's data state. It returns nil
// at the end of the input, or the first read error, ErrTooLarge or
// ErrTooManyScripts.
func (s *scanner) run() error {
	for s.skipTo('<', true) {
		if s.plainTag() {
			continue
		}
		lt := s.pos()
		s.keep = s.i // a tag stays in buf until it ends
		s.i++
		c, ok := s.next()
		if !ok {
			break
		}
		if isLetter(c) || c == '/' || c == '!' || c == '?' {
			s.startToken(lt) // and the text before it ends
		}
		switch {
		case isLetter(c):
			if err := s.startTag(lt); err != nil {
				return err
			}
		case c == '/':
			s.endTag()
		case c == '!':
			s.markupDeclaration()
		case c == '?':
			if s.skipTo('>', true) { // a bogus comment, such as <?xml ...?>
				s.i++
			}
		default:
			s.i-- // not a tag: '<' is text, and c may start one
			continue
		}
		if s.err != nil {
			break
		}
		s.startToken(s.pos())
	}
	if s.err != io.EOF {
		return s.err
	}
	return nil
}

// plainTag skips the tag at buf[i] in the common case: a start or end tag
// that is whole in buf, and that the policy ignores. It is startTag and
// endTag without the rest. In any other case it reports false, having read
// nothing.
func (s *scanner) plainTag() bool {
	b := s.buf[s.i+1 : s.end]
	name := 0
	if len(b) > 0 && b[0] == '/' {
		name = 1 // an end tag
	}
	if name == len(b) || !isLetter(b[name]) {
		return false
	}
	n := name + 1
	for n < len(b) && b[n] != '/' && b[n] != '>' && !isSpace(b[n]) {
		n++
	}
	if n == len(b) || kindOf(b[name:n]) != otherTag {
		return false
	}
	e := tagEnd(b[n:])
	if e == 0 {
		return false
	}
	s.i += 1 + n + e
	s.startToken(s.pos())
	return true
}

// A tagKind says what the policy does with a tag.
type tagKind int

const (
	otherTag    tagKind = iota
	scriptTag           // <script>: read its attributes
	baseTag             // <base>: read its href
	foreignTag          // <svg> or <math>: hand over to the tokenizer
	templateTag         // <template>: count it
	rawTag              // <textarea> and the like: skip its text
)

// A tag is what the policy learns from a tag's attributes.
type tag struct {
	kind    tagKind
	script  Script
	seen    uint8 // script attributes seen: the tokenizer keeps only the first of each name
	href    string
	hasHref bool
}

// startTag reads a start tag, from just after its first letter, and applies
// the policy to it. It mirrors Tokenizer.readStartTag, and the start tag
// case of tokens.
func (s *scanner) startTag(lt int) error {
	nameStart := s.pos() - 1
	if !s.tagName() {
		return nil
	}
	name := s.bytes(nameStart, s.pos())
	t := tag{kind: kindOf(name)}
	if t.kind == baseTag && (s.st.haveBase || s.st.template > 0) {
		t.kind = otherTag // the policy reads only the first <base> in the document
	}
	switch t.kind {
	case foreignTag:
		return s.handOver(lt)
	case rawTag:
		return s.rawText(rawTagName(name))
	}
	if !s.attrs(&t) {
		return nil
	}

	switch t.kind {
	case scriptTag:
		if len(s.st.p.scripts) == s.st.maxScripts && s.st.maxScripts > 0 {
			return fmt.Errorf("%w: more than %d", ErrTooManyScripts, s.st.maxScripts)
		}
		s.st.p.scripts = append(s.st.p.scripts, t.script)
		s.startToken(s.pos())
		if n := s.scriptText(); t.script.Src == "" {
			s.st.p.scripts[len(s.st.p.scripts)-1].InlineLen = n
		}
	case baseTag:
		// Only the first <base> with an href sets the base, and only in the
		// document: a template's content is not.
		if !s.st.haveBase && s.st.template == 0 && t.hasHref {
			s.st.p.base, s.st.p.baseAt, s.st.haveBase = t.href, len(s.st.p.scripts), true
		}
	case templateTag:
		s.st.template++
	}
	return nil
}

// rawText reads the rest of the start tag of an element such as <textarea>,
// then skips its text.
func (s *scanner) rawText(name string) error {
	t := tag{kind: rawTag}
	if !s.attrs(&t) {
		return nil
	}
	s.startToken(s.pos())
	if name == "plaintext" {
		s.skipAll()
	} else {
		s.rawTextEnd(name)
	}
	return nil
}

// endTag reads what follows "</": an end tag, or a bogus comment. It mirrors
// the EndTagToken case of Tokenizer.Next, and the end tag case of tokens.
func (s *scanner) endTag() {
	c, ok := s.next()
	switch {
	case !ok:
	case c == '>': // "</>" is nothing
	case isLetter(c):
		nameStart := s.pos() - 1
		if !s.tagName() {
			return
		}
		isTemplate := kindOf(s.bytes(nameStart, s.pos())) == templateTag
		t := tag{kind: otherTag}
		if s.attrs(&t) && isTemplate && s.st.template > 0 {
			s.st.template--
		}
	default: // a bogus comment
		if s.skipTo('>', true) {
			s.i++
		}
	}
}

// markupDeclaration reads what follows "<!": a comment, or a doctype or
// bogus comment. (A CDATA section is only in foreign content.) It mirrors
// Tokenizer.readMarkupDeclaration.
func (s *scanner) markupDeclaration() {
	if s.has("--") {
		s.i += len("--")
		s.comment()
		return
	}
	// A doctype or a bogus comment ends at the first '>'. At the end of the
	// input, "<!" and "<!-" are comments too.
	if s.err == nil && s.skipTo('>', true) {
		s.i++
	}
}

// tagName reads the rest of a tag's name. It mirrors Tokenizer.readTagName.
func (s *scanner) tagName() bool {
	// The name is nearly always whole in buf: look for its end there.
	for j, c := range s.buf[s.i:s.end] {
		if c == '/' || c == '>' || isSpace(c) {
			s.i += j
			return true
		}
	}
	for {
		c, ok := s.next()
		if !ok {
			return false
		}
		if c == '/' || c == '>' || isSpace(c) {
			s.i--
			return true
		}
	}
}

// attrs reads a tag's attributes, up to and including its '>', and passes
// each to t. It reports false if the input ends first. It mirrors
// Tokenizer.readTag, readTagAttrKey and readTagAttrVal.
func (s *scanner) attrs(t *tag) bool {
	if t.kind != scriptTag && t.kind != baseTag {
		// Most tags are whole in buf, and only their end matters.
		if n := tagEnd(s.buf[s.i:s.end]); n > 0 {
			s.i += n
			return true
		}
	}
	for {
		if !s.skipSpace() {
			return false
		}
		c, ok := s.next()
		if !ok {
			return false
		}
		if c == '>' {
			return true
		}
		s.i--

		// The key ends at space, '/', '>' or '=', unless '=' comes first.
		key := s.pos()
		for {
			c, ok := s.next()
			if !ok {
				return false
			}
			if c == '=' && s.pos()-1 == key {
				continue
			}
			if c == '=' || c == '/' || c == '>' || isSpace(c) {
				s.i--
				break
			}
		}
		keyEnd := s.pos()

		// The value, if any: quoted, unquoted, or none.
		val, valEnd, quote := keyEnd, keyEnd, byte(0)
		if !s.skipSpace() {
			return false
		}
		c, ok = s.next()
		if !ok {
			return false
		}
		switch {
		case c == '/': // "<br/>": no value
		case c != '=':
			s.i--
		default:
			if !s.skipSpace() {
				return false
			}
			q, ok := s.next()
			if !ok {
				return false
			}
			switch q {
			case '>':
				s.i--
			case '"', '\'':
				val = s.pos()
				if !s.skipTo(q, false) {
					return false
				}
				valEnd, quote = s.pos(), q
				s.i++
			default:
				val = s.pos() - 1
				for {
					c, ok := s.next()
					if !ok {
						return false
					}
					if isSpace(c) {
						valEnd = s.pos() - 1
						break
					}
					if c == '>' {
						s.i--
						valEnd = s.pos()
						break
					}
				}
			}
		}
		if t.kind == scriptTag || t.kind == baseTag {
			s.attr(t, key, keyEnd, val, valEnd, quote)
		}
	}
}

// tagEnd returns the length of b up to and including the '>' that ends the
// tag whose attributes b starts with, or 0 if b ends first. It is attrs for
// a whole tag in buf, with none of its attributes wanted: the same grammar,
// on a slice, which is several times faster than a byte at a time.
func tagEnd(b []byte) int {
	i := 0
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0
		}
		if b[i] == '>' {
			return i + 1
		}
		key := i // the key ends at space, '/', '>' or '=', unless '=' comes first
		for ; i < len(b); i++ {
			c := b[i]
			if c == '=' && i == key {
				continue
			}
			if c == '=' || c == '/' || c == '>' || isSpace(c) {
				break
			}
		}
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0
		}
		switch b[i] {
		case '/':
			i++
		case '=':
			i++
			for i < len(b) && isSpace(b[i]) {
				i++
			}
			if i == len(b) {
				return 0
			}
			switch q := b[i]; q {
			case '>': // an empty value
			case '"', '\'':
				j := bytes.IndexByte(b[i+1:], q)
				if j < 0 {
					return 0
				}
				i += 1 + j + 1
			default: // unquoted, up to space (which it takes) or '>'
				for i < len(b) && b[i] != '>' && !isSpace(b[i]) {
					i++
				}
				if i == len(b) {
					return 0
				}
				if b[i] != '>' {
					i++
				}
			}
		}
	}
}

// Bits of tag.seen.
const (
	seenSrc = 1 << iota
	seenType
	seenAsync
	seenDefer
)

// attr applies the policy to one attribute of a script or base tag. The
// tokenizer keeps only the first attribute of each name, so a repeated one
// is skipped. It mirrors readScript and attr in parse.go; href is a source
// only for an SVG script, which tokens reads.
func (s *scanner) attr(t *tag, key, keyEnd, val, valEnd int, quote byte) {
	k := s.bytes(key, keyEnd)
	if t.kind == baseTag {
		if !t.hasHref && equalLower(k, "href") {
			t.href, t.hasHref = s.value(val, valEnd, quote), true
		}
		return
	}
	var bit uint8
	switch {
	case equalLower(k, "src"):
		bit = seenSrc
	case equalLower(k, "type"):
		bit = seenType
	case equalLower(k, "async"):
		bit = seenAsync
	case equalLower(k, "defer"):
		bit = seenDefer
	}
	if bit == 0 || t.seen&bit != 0 {
		return
	}
	t.seen |= bit
	switch bit {
	case seenSrc:
		t.script.Src = s.value(val, valEnd, quote)
	case seenType:
		t.script.Type = s.value(val, valEnd, quote)
	case seenAsync:
		t.script.Async = true
	case seenDefer:
		t.script.Defer = true
	}
}

// value returns an attribute's value as the tokenizer's TagAttr gives it,
// with space trimmed. A value with a character reference, a '\r' or a NUL
// byte is handed to the tokenizer: see scan's doc comment.
func (s *scanner) value(val, valEnd int, quote byte) string {
	v := s.bytes(val, valEnd)
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 && bytes.IndexByte(v, 0) < 0 {
		return string(bytes.TrimSpace(v))
	}
	return s.decoder.decode(v, quote)
}

// An attrDecoder decodes attribute values with one tokenizer for a whole
// scan, made when the first value needs it: each value goes to it as a tag
// of its own, <a v="...">. The tokenizer reads no further than a tag's '>',
// so it asks for the next tag only when decode has given it one.
type attrDecoder struct {
	z    *html.Tokenizer
	tag  []byte // the next tag
	rest []byte // the part of tag not yet read
}

func (d *attrDecoder) decode(v []byte, quote byte) string {
	if d.z == nil {
		d.z = html.NewTokenizer(d)
	}
	d.tag = append(d.tag[:0], "<a v="...)
	if quote != 0 {
		d.tag = append(d.tag, quote)
	}
	d.tag = append(d.tag, v...)
	if quote != 0 {
		d.tag = append(d.tag, quote)
	}
	d.tag = append(d.tag, '>')
	d.rest = d.tag
	d.z.Next()
	_, decoded, _ := d.z.TagAttr()
	return string(bytes.TrimSpace(decoded))
}

// Read gives the tokenizer the current tag. It never reports io.EOF, which
// the tokenizer would keep for good.
func (d *attrDecoder) Read(p []byte) (int, error) {
	n := copy(p, d.rest)
	d.rest = d.rest[n:]
	return n, nil
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isSpace reports whether c is HTML's white space: ' ', \n, \r, \t or \f.
func isSpace(c byte) bool { return c <= ' ' && uint64(1)<<c&spaceBits != 0 }

const spaceBits = 1<<' ' | 1<<'\n' | 1<<'\r' | 1<<'\t' | 1<<'\f'

// equalLower reports whether b, with ASCII letters lower-cased, is s.
func equalLower(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if lower(b[i]) != s[i] {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// kindOf returns what the policy does with a tag named name.
func kindOf(name []byte) tagKind {
	if len(name) < 3 || len(name) > 9 {
		return otherTag
	}
	switch lower(name[0]) {
	case 's', 'b', 'm', 't', 'i', 'n', 'p', 'x': // the first letters of the names below
	default:
		return otherTag
	}
	switch {
	case equalLower(name, "script"):
		return scriptTag
	case equalLower(name, "base"):
		return baseTag
	case equalLower(name, "svg"), equalLower(name, "math"):
		return foreignTag
	case equalLower(name, "template"):
		return templateTag
	}
	if rawTagName(name) != "" {
		return rawTag
	}
	return otherTag
}

// rawTagNames are the tags after which the tokenizer reads raw text, bar
// script, which has states of its own.
var rawTagNames = []string{"iframe", "noembed", "noframes", "noscript", "plaintext", "style", "textarea", "title", "xmp"}

// rawTagName returns name in lower case if it is one of rawTagNames, or "".
func rawTagName(name []byte) string {
	for _, n := range rawTagNames {
		if equalLower(name, n) {
			return n
		}
	}
	return ""
}
