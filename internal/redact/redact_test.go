package redact

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
