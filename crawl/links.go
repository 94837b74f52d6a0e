package crawl

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"fetchbench"
)

// Normalize returns the form in which a crawl compares URLs: scheme and
// host in lower case, no default port (80 for http, 443 for https), no
// fragment, and "/" for an empty path. It fails, with
// fetchbench.ErrInvalidURL, for what is not an absolute http or https URL
// with a host.
func Normalize(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %w", fetchbench.ErrInvalidURL, err)
	}
	return normalize(u)
}

func normalize(u *url.URL) (string, error) {
	n := *u
	n.Scheme = strings.ToLower(n.Scheme)
	if n.Scheme != "http" && n.Scheme != "https" || n.Host == "" {
		return "", fmt.Errorf("%w %q: not an absolute http or https URL", fetchbench.ErrInvalidURL, u.Redacted())
	}
	n.Host = strings.ToLower(n.Host)
	if p := n.Port(); n.Scheme == "http" && p == "80" || n.Scheme == "https" && p == "443" {
		n.Host = strings.TrimSuffix(n.Host, ":"+p)
	}
	n.Fragment, n.RawFragment = "", ""
	if n.Path == "" && n.Opaque == "" {
		n.Path, n.RawPath = "/", ""
	}
	return n.String(), nil
}

// hostKey is what scope and the per-host rules compare: the scheme and
// the host with its port, of a normalised URL.
func hostKey(u *url.URL) string { return u.Scheme + "://" + u.Host }

// Links returns the links of an HTML page, normalised, in document order,
// each once: the href of every <a>, resolved against final, the page's URL
// after redirects, or against its first <base href>. Links that are not
// http or https, or that do not parse, are left out.
func Links(body []byte, final *url.URL) []string {
	var hrefs []string
	base := final
	baseSeen := false
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if !hasAttr || a != atom.A && a != atom.Base {
			continue
		}
		href, ok := hrefOf(z)
		switch {
		case !ok:
		case a == atom.A:
			hrefs = append(hrefs, href)
		case !baseSeen: // only the first <base href> counts, as in a browser
			baseSeen = true
			if b, err := final.Parse(href); err == nil {
				base = b
			}
		}
	}
	seen := map[string]bool{}
	var links []string
	for _, h := range hrefs {
		u, err := base.Parse(strings.TrimSpace(h))
		if err != nil {
			continue
		}
		if n, err := normalize(u); err == nil && !seen[n] {
			seen[n] = true
			links = append(links, n)
		}
	}
	return links
}

// hrefOf returns the href attribute of the tag z is on.
func hrefOf(z *html.Tokenizer) (string, bool) {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "href" {
			return string(val), true
		}
		if !more {
			return "", false
		}
	}
}
