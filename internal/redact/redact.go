// Package redact hides the passwords of URLs in text that fetchbench shows:
// its output, its -json records and its waterfall charts.
package redact

import (
	"regexp"
	"strings"
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
