// Package redact makes what fetchbench shows of the web safe to look at.
// Its output, its -json records and its waterfall charts show no URL's
// password (Passwords); its output shows no control character that a page
// or a server chose (Text, and JSONLine and JSONURL for -json).
package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// userinfo matches the user:password@ of a URL anywhere in a string, such
// as an error message: after "//", up to the last @ before the host ends,
// as url.Parse reads it.
var userinfo = regexp.MustCompile(`//([^/?#\s"]*)@`)

// Passwords replaces the password of every URL in s with "xxxxx" and keeps
// the user name, as url.URL.Redacted does, but without re-encoding the
// rest of the URL: what is shown is what was given, less the password.
func Passwords(s string) string {
	return userinfo.ReplaceAllStringFunc(s, func(m string) string {
		user, _, hasPassword := strings.Cut(m[2:len(m)-1], ":")
		if !hasPassword {
			return m
		}
		return "//" + user + ":xxxxx@"
	})
}

// Text makes s safe to print on a terminal, as one line: it hides the
// password of any URL in s, and quotes s, Go-style, if it holds a control
// or format character, a line separator or a byte that is not UTF-8, so
// that no page or server can move the cursor, recolour or reorder the
// screen, or fake a line. So does a leading quote: quoting is unambiguous.
func Text(s string) string {
	s = Passwords(s)
	notPrintable := func(r rune) bool { return !unicode.IsPrint(r) }
	if !utf8.ValidString(s) || strings.HasPrefix(s, `"`) || strings.ContainsFunc(s, notPrintable) {
		return strconv.Quote(s)
	}
	return s
}

// JSONURL hides a URL's password and writes a byte that is not UTF-8 as
// %XX: encoding/json would make it U+FFFD, and two URLs one.
func JSONURL(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			fmt.Fprintf(&b, "%%%02X", s[i])
		} else {
			b.WriteRune(r)
		}
	}
	return Passwords(b.String())
}

// JSONLine encodes v as one line of JSON with every character that is not
// printable as a \u escape: encoding/json leaves U+202E and the C1
// controls raw, and -json must be as safe to look at as text. It hides no
// password: v's URLs should come from JSONURL. v must be a value that
// encoding/json always encodes, such as a struct of strings, numbers and
// bools; JSONLine panics otherwise.
func JSONLine(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep & < > in URLs readable
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	// Outside strings JSON is ASCII: every such rune is in a string.
	var out []byte
	for _, r := range buf.String() {
		if r < utf8.RuneSelf || unicode.IsPrint(r) { // the encoder has escaped the ASCII controls
			out = utf8.AppendRune(out, r)
			continue
		}
		for _, u := range utf16.AppendRune(nil, r) { // a surrogate pair above U+FFFF
			out = fmt.Appendf(out, `\u%04x`, u)
		}
	}
	return out
}
