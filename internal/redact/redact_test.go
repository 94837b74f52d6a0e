package redact

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPasswords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.com/", "https://example.com/"},
		{"https://user@example.com/", "https://user@example.com/"}, // no password: kept, as url.URL.Redacted does
		{"https://user:pw@example.com/", "https://user:xxxxx@example.com/"},
		{"https://user:p@ss@example.com/a@b", "https://user:xxxxx@example.com/a@b"}, // url.Parse takes the last @
		{"https://user:pw@example.com:8080/?next=//a:b@c", "https://user:xxxxx@example.com:8080/?next=//a:xxxxx@c"},
		{`Get "http://u:***@127.0.0.1:1/": dial tcp`, `Get "http://u:xxxxx@127.0.0.1:1/": dial tcp`},
		{`invalid URL "http://u:pw@[::1": missing ']'`, `invalid URL "http://u:xxxxx@[::1": missing ']'`},
		{"//user:pw@host/", "//user:xxxxx@host/"},
		{"https://example.com/a//b/c", "https://example.com/a//b/c"},
	} {
		assert.Equal(t, tc.want, Passwords(tc.in), "Passwords(%q)", tc.in)
	}
}

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.com/café", "https://example.com/café"},
		{"https://example.com/a\u202eb", `"https://example.com/a\u202eb"`}, // right-to-left override
		{"https://example.com/a\u2028b", `"https://example.com/a\u2028b"`}, // line separator
		{"https://example.com/a\u200bb", `"https://example.com/a\u200bb"`}, // zero-width space, a format control
		{"a\x9b31mb", `"a\x9b31mb"`},                                       // 8-bit CSI, not UTF-8
		{"a\u009b31mb", `"a\u009b31mb"`},                                   // the same CSI as a UTF-8 C1 control
		{"a\x1b[2Jb", `"a\x1b[2Jb"`},
		{"line\nbreak", `"line\nbreak"`},
		{`"quoted"`, `"\"quoted\""`},
		{"https://user:secret@example.com/", "https://user:xxxxx@example.com/"},
		{"https://user:secret@example.com/\u202e", `"https://user:xxxxx@example.com/\u202e"`},
	} {
		assert.Equal(t, tc.want, Text(tc.in), "Text(%q)", tc.in)
	}
}

func TestJSONLineEscapes(t *testing.T) {
	in := "a\u202eb\u2028c\u009bd\U000e0001e\x9bf\x1bg & <h>"
	line := string(JSONLine(map[string]string{"s": in}))
	assert.Equal(t, `{"s":"a\u202eb\u2028c\u009bd\udb40\udc01e\ufffdf\u001bg & <h>"}`+"\n", line)
	var back map[string]string
	require.NoError(t, json.Unmarshal([]byte(line), &back))
	assert.Equal(t, strings.ToValidUTF8(in, "\ufffd"), back["s"], "decoded: the input back, with 0x9b as U+FFFD")
}

// JSONURL keeps two URLs apart that differ only in bytes that are not
// UTF-8, where encoding/json would make both U+FFFD.
func TestJSONURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://a.example/?a=\xff":           "http://a.example/?a=%FF",
		"http://a.example/?a=\xfe":           "http://a.example/?a=%FE",
		"http://a.example/\xe2\x82":          "http://a.example/%E2%82", // a rune cut short
		"http://a.example/caf\u00e9\ufffd":   "http://a.example/caf\u00e9\ufffd",
		"http://u:pw@a.example/?q=\xff":      "http://u:xxxxx@a.example/?q=%FF",
		"http://a.example/?a=%FF":            "http://a.example/?a=%FF",
		"http://a.example/\u202e?a=\xff\xfe": "http://a.example/\u202e?a=%FF%FE",
	} {
		assert.Equal(t, want, JSONURL(in), "JSONURL(%q)", in)
	}
}
