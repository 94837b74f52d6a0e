package fetchbench

import (
	"bytes"
	"fmt"
	"io"

	"golang.org/x/net/html"
)

// The input of scan: reading bytes, keeping the ones still needed, and
// handing them to the tokenizer and back.

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
// have left foreign content and read at least handBackAfter bytes; then it
// takes back the bytes the tokenizer has read and not used.
//
// A new tokenizer costs a 4 KiB buffer, so handing back at once after a
// short <svg></svg> would make a page of them many times slower to scan
// than to tokenize. And tokens hands back only after an end tag: after a
// start tag the tokenizer may be about to read raw text, and a text or
// comment token may be the part of a token read before an error, such as
// the token cap, that the tokenizer reports on its next call.
func (s *scanner) handOver(lt int) error {
	h := &handReader{rest: s.buf[lt-s.off:], r: s.r, err: s.readErr}
	z := html.NewTokenizer(h)
	z.SetMaxBuf(s.maxToken)
	done, err := s.st.tokens(z, func(tt html.TokenType) bool {
		return tt == html.EndTagToken && h.n-len(z.Buffered()) >= s.handBackAfter
	})
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

// handBackAfter is the least input that a hand-over reads with the
// tokenizer: its first buffer's size.
const handBackAfter = 4 << 10

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
