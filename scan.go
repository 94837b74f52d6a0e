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
// ahead. FuzzScanEqual and TestHTML5Lib check all this against parse.
//
// scan hands two things over to x/net/html:
//
//   - Foreign content. At an <svg> or <math> start tag in HTML, scan hands
//     the input to the tokenizer and to parse's own loop, tokens, which
//     follow the spec's rules for SVG and MathML (a stack of open elements,
//     breakout tags, integration points, CDATA). The tokenizer hands it back
//     after the token that leaves foreign content. Those rules are long and
//     inline SVG is a small part of a page, so scan does not repeat them.
//   - An attribute value of a <script> or <base> that holds '&', '\r' or a
//     NUL byte. Decoding character references in an attribute has its own
//     rules, which x/net/html exports only through its tokenizer, so scan
//     tokenizes that one tag again. A page needs this rarely, for a src such
//     as "/a.js?x=1&amp;y=2".
//
// scan reads through a buffer that holds the current tag, or the last few
// bytes of the current text, so its memory does not grow with the page. It
// takes the buffer from a pool, and otherwise allocates only what it
// returns, bar the hand-overs and a tag too long for the buffer.
func scan(r io.Reader, maxScripts int) (parsed, error) {
	buf := scanBufs.Get().(*[]byte)
	s := scanner{
		r:        r,
		buf:      (*buf)[:0],
		maxToken: MaxTokenBytes,
		st:       parseState{maxScripts: maxScripts},
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

	st parseState // what the policy has found, shared with parse's tokens
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

// comment skips a comment's text, after "<!--". It ends at "-->", "--!>", or
// a '>' right at the start, as in "<!-->" or "<!--->"; dashes of "<!--" do
// not count. This is Tokenizer.readComment's rule.
func (s *scanner) comment() {
	body := s.pos()
	for s.skipTo('>', true) {
		gt := s.pos()
		s.i++
		switch n := gt - body; {
		case n == 0,
			n == 1 && s.at(gt-1) == '-',
			n >= 2 && s.at(gt-2) == '-' && s.at(gt-1) == '-',
			n >= 3 && s.at(gt-3) == '-' && s.at(gt-2) == '-' && s.at(gt-1) == '!':
			return
		}
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
	var tag []byte
	tag = append(tag, "<a v="...)
	if quote != 0 {
		tag = append(tag, quote)
	}
	tag = append(tag, v...)
	if quote != 0 {
		tag = append(tag, quote)
	}
	tag = append(tag, '>')
	z := html.NewTokenizer(bytes.NewReader(tag))
	z.Next()
	_, decoded, _ := z.TagAttr()
	return string(bytes.TrimSpace(decoded))
}

// scriptText skips an HTML script's text, up to its "</script" or the end of
// the input, and returns its length. It mirrors Tokenizer.readScript, whose
// states are the spec's script data states: after "<!--", a "<script>"
// means that the next "</script>" does not end the script.
func (s *scanner) scriptText() int {
	start := s.pos()
	end := s.scriptEnd()
	if end < 0 {
		end = s.pos()
	}
	return end - start
}

// The script data states of the HTML spec, as Tokenizer.readScript names
// them.
const (
	scriptData = iota
	scriptDataLessThanSign
	scriptDataEndTagOpen
	scriptDataEscapeStart
	scriptDataEscapeStartDash
	scriptDataEscaped
	scriptDataEscapedDash
	scriptDataEscapedDashDash
	scriptDataEscapedLessThanSign
	scriptDataEscapedEndTagOpen
	scriptDataDoubleEscapeStart
	scriptDataDoubleEscaped
	scriptDataDoubleEscapedDash
	scriptDataDoubleEscapedDashDash
	scriptDataDoubleEscapedLessThanSign
	scriptDataDoubleEscapeEnd
)

// scriptEnd runs the script data states. It returns the offset of the
// "</script" that ends the script, and leaves the scanner there, or returns
// -1 at the end of the input.
func (s *scanner) scriptEnd() int {
	state := scriptData
	lt := 0 // offset of the last '<'
	for {
		var c byte
		switch state {
		case scriptDataEndTagOpen, scriptDataEscapedEndTagOpen,
			scriptDataDoubleEscapeStart, scriptDataDoubleEscapeEnd:
			// These read a tag name themselves.
		case scriptDataLessThanSign, scriptDataEscapedLessThanSign,
			scriptDataDoubleEscapedLessThanSign, scriptDataEscapeStart,
			scriptDataEscapeStartDash:
			var ok bool
			if c, ok = s.next(); !ok {
				return -1
			}
		default:
			// Nothing before here is needed again: the text is not kept.
			if state == scriptData && !s.skipTo('<', true) {
				return -1 // the common state: nothing but '<' matters
			}
			s.keep = s.i
			var ok bool
			if c, ok = s.next(); !ok {
				return -1
			}
			if c == '<' {
				lt = s.pos() - 1 // keep it: an end tag may start here
			}
		}
		switch state {
		case scriptData:
			state = scriptDataLessThanSign
		case scriptDataLessThanSign:
			switch c {
			case '/':
				state = scriptDataEndTagOpen
			case '!':
				state = scriptDataEscapeStart
			default:
				s.i--
				state = scriptData
			}
		case scriptDataEndTagOpen, scriptDataEscapedEndTagOpen:
			match, ok := s.endTagName("script")
			if !ok {
				return -1
			}
			if match {
				s.i = lt - s.off
				return lt
			}
			if state == scriptDataEndTagOpen {
				state = scriptData
			} else {
				state = scriptDataEscaped
			}
		case scriptDataEscapeStart:
			if c == '-' {
				state = scriptDataEscapeStartDash
			} else {
				s.i--
				state = scriptData
			}
		case scriptDataEscapeStartDash:
			if c == '-' {
				state = scriptDataEscapedDashDash
			} else {
				s.i--
				state = scriptData
			}
		case scriptDataEscaped, scriptDataEscapedDash:
			switch c {
			case '-':
				if state == scriptDataEscaped {
					state = scriptDataEscapedDash
				} else {
					state = scriptDataEscapedDashDash
				}
			case '<':
				state = scriptDataEscapedLessThanSign
			default:
				state = scriptDataEscaped
			}
		case scriptDataEscapedDashDash:
			switch c {
			case '-':
			case '<':
				state = scriptDataEscapedLessThanSign
			case '>':
				state = scriptData
			default:
				state = scriptDataEscaped
			}
		case scriptDataEscapedLessThanSign:
			switch {
			case c == '/':
				state = scriptDataEscapedEndTagOpen
			case isLetter(c):
				s.i--
				state = scriptDataDoubleEscapeStart
			default:
				s.i-- // the tokenizer goes back to plain script data here
				state = scriptData
			}
		case scriptDataDoubleEscapeStart:
			match, ok := s.endTagName("script")
			if !ok {
				return -1
			}
			if match {
				state = scriptDataDoubleEscaped
			} else {
				state = scriptDataEscaped
			}
		case scriptDataDoubleEscaped, scriptDataDoubleEscapedDash:
			switch c {
			case '-':
				if state == scriptDataDoubleEscaped {
					state = scriptDataDoubleEscapedDash
				} else {
					state = scriptDataDoubleEscapedDashDash
				}
			case '<':
				state = scriptDataDoubleEscapedLessThanSign
			default:
				state = scriptDataDoubleEscaped
			}
		case scriptDataDoubleEscapedDashDash:
			switch c {
			case '-':
			case '<':
				state = scriptDataDoubleEscapedLessThanSign
			case '>':
				state = scriptData
			default:
				state = scriptDataDoubleEscaped
			}
		case scriptDataDoubleEscapedLessThanSign:
			if c == '/' {
				state = scriptDataDoubleEscapeEnd
			} else {
				s.i--
				state = scriptDataDoubleEscaped
			}
		case scriptDataDoubleEscapeEnd:
			match, ok := s.endTagName("script")
			if !ok {
				return -1
			}
			if match {
				state = scriptDataEscaped // the delimiter is consumed
			} else {
				state = scriptDataDoubleEscaped
			}
		}
	}
}

// endTagName reads name, in any case, and one of the bytes that may follow
// a tag name: space, '/' or '>'. If they are not there, it leaves the
// scanner at the first byte that differs. ok is false at the end of the
// input. It mirrors Tokenizer.readRawEndTag.
func (s *scanner) endTagName(name string) (match, ok bool) {
	for i := range len(name) {
		c, ok := s.next()
		if !ok {
			return false, false
		}
		if c|0x20 != name[i] {
			s.i--
			return false, true
		}
	}
	c, ok := s.next()
	if !ok {
		return false, false
	}
	if c == '/' || c == '>' || isSpace(c) {
		return true, true
	}
	s.i--
	return false, true
}

// rawTextEnd skips the text of an element such as <textarea>, up to its end
// tag, which it leaves for the data state to read. It mirrors
// Tokenizer.readRawOrRCDATA.
func (s *scanner) rawTextEnd(name string) {
	for s.skipTo('<', true) {
		lt := s.pos()
		s.keep = s.i
		s.i++
		c, ok := s.next()
		if !ok {
			return
		}
		if c != '/' {
			s.i--
			continue
		}
		match, ok := s.endTagName(name)
		if !ok {
			return
		}
		if match {
			s.i = lt - s.off
			return
		}
	}
}

// skipAll reads the rest of the input: after <plaintext>, everything is text.
func (s *scanner) skipAll() {
	for {
		s.i = s.end
		s.keep = s.i
		if !s.fill() {
			return
		}
	}
}

// The input: reading bytes, and keeping the ones still needed.

// pos returns the stream offset of the next byte.
func (s *scanner) pos() int { return s.off + s.i }

// at returns the byte at stream offset off, which must be in buf.
func (s *scanner) at(off int) byte { return s.buf[off-s.off] }

// bytes returns the bytes from stream offset from to to, which must be in
// buf. They change when buf is refilled.
func (s *scanner) bytes(from, to int) []byte { return s.buf[from-s.off : to-s.off] }

// startToken notes that a token starts at stream offset at. The tokenizer
// fails once it has read MaxTokenBytes of one token, the bytes it reads
// ahead included, so buf[:end] stops there.
func (s *scanner) startToken(at int) {
	s.token = at
	s.end = min(len(s.buf), at+s.maxToken-1-s.off)
}

// next returns the next byte and advances past it, or reports false at the
// end of the input.
func (s *scanner) next() (byte, bool) {
	if s.i < s.end {
		c := s.buf[s.i]
		s.i++
		return c, true
	}
	if !s.fill() {
		return 0, false
	}
	c := s.buf[s.i]
	s.i++
	return c, true
}

// has reports whether the next bytes are prefix, without advancing.
func (s *scanner) has(prefix string) bool {
	for {
		rest := s.buf[s.i:s.end]
		n := min(len(rest), len(prefix))
		if string(rest[:n]) != prefix[:n] {
			return false
		}
		if n == len(prefix) {
			return true
		}
		if !s.fill() {
			return false
		}
	}
}

// skipSpace advances past space, and reports false at the end of the input.
func (s *scanner) skipSpace() bool {
	for {
		c, ok := s.next()
		if !ok {
			return false
		}
		if !isSpace(c) {
			s.i--
			return true
		}
	}
}

// skipTo advances to the next c and reports whether there is one. If drop,
// it does not keep the bytes it skips, bar the last few.
func (s *scanner) skipTo(c byte, drop bool) bool {
	for {
		if j := bytes.IndexByte(s.buf[s.i:s.end], c); j >= 0 {
			s.i += j
			return true
		}
		s.i = s.end
		if drop {
			s.keep = max(s.keep, s.i-lookback)
		}
		if !s.fill() {
			return false
		}
	}
}

// fill makes more input readable, keeping buf[keep:], and reports false
// at the end of the input, on a read error, or at the token cap; it records
// which in s.err. Like the tokenizer's readByte, it reports a read error only
// once the bytes read before it are used up, and doubles buf when the bytes
// it keeps fill more than half of it.
func (s *scanner) fill() bool {
	switch {
	case s.err != nil:
		return false
	case s.end < len(s.buf): // the next byte is there, but the token is too long
		s.err = fmt.Errorf("%w: a tag, comment or text over %d bytes", ErrTooLarge, MaxTokenBytes)
		return false
	case s.readErr != nil:
		s.err = s.readErr
		return false
	}
	live := len(s.buf) - s.keep
	buf := s.buf[:live]
	if 2*live > cap(s.buf) {
		buf = make([]byte, live, 2*cap(s.buf))
	}
	copy(buf, s.buf[s.keep:])
	s.off += s.keep
	s.i -= s.keep
	s.keep = 0
	n, err := readAtLeastOneByte(s.r, buf[live:cap(buf)])
	s.buf, s.readErr = buf[:live+n], err
	s.startToken(s.token)
	if n == 0 {
		s.err = err
		return false
	}
	return s.i < s.end || s.fill() // the new bytes may all be past the cap
}

// readAtLeastOneByte reads into b, retrying a reader that returns no bytes
// and no error, as the tokenizer does.
func readAtLeastOneByte(r io.Reader, b []byte) (int, error) {
	for range 100 {
		if n, err := r.Read(b); n != 0 || err != nil {
			return n, err
		}
	}
	return 0, io.ErrNoProgress
}

// handOver hands the input from stream offset lt, the '<' of an <svg> or
// <math> start tag, to the tokenizer and parse's loop, tokens, until they
// leave foreign content; then it takes back the bytes the tokenizer has read
// and not used.
func (s *scanner) handOver(lt int) error {
	h := &handReader{rest: s.buf[lt-s.off:], r: s.r, err: s.readErr}
	z := html.NewTokenizer(h)
	z.SetMaxBuf(s.maxToken)
	done, err := s.st.tokens(z, true)
	switch {
	case err != nil:
		return err
	case done:
		s.err = io.EOF
		return nil
	}
	unused := z.Buffered()
	n := len(unused) + len(h.rest)
	buf := s.buf[:0]
	if n > cap(buf) {
		buf = make([]byte, 0, 2*n)
	}
	buf = buf[:n]
	copy(buf[len(unused):], h.rest) // h.rest is the end of buf: copy moves it safely
	copy(buf, unused)
	s.buf, s.off, s.i, s.keep, s.readErr = buf, lt+h.n-len(unused), 0, 0, h.err
	s.startToken(s.off)
	return nil
}

// A handReader gives the tokenizer the bytes scan has read and not used,
// then the rest of the input, and remembers the reader's error.
type handReader struct {
	rest []byte
	r    io.Reader
	err  error
	n    int // bytes read
}

func (h *handReader) Read(p []byte) (int, error) {
	if len(h.rest) > 0 {
		n := copy(p, h.rest)
		h.rest = h.rest[n:]
		h.n += n
		return n, nil
	}
	if h.err != nil {
		return 0, h.err
	}
	n, err := h.r.Read(p)
	h.n += n
	h.err = err
	return n, err
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
