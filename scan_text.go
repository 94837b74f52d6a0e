package fetchbench

// The text that hides tags: comments, raw text and a script's text, which
// scan skips as x/net/html's tokenizer does.

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
