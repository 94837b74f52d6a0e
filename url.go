package fetchbench

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// checkURL accepts an absolute http or https URL with a host, of at most
// MaxURLBytes.
func checkURL(u *url.URL) error {
	if s := u.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("%w %q: scheme must be http or https", ErrInvalidURL, u.Redacted())
	}
	if u.Host == "" {
		return fmt.Errorf("%w %q: no host", ErrInvalidURL, u.Redacted())
	}
	if n := len(u.String()); n > MaxURLBytes {
		return fmt.Errorf("%w: %d bytes, over %d", ErrURLTooLong, n, MaxURLBytes)
	}
	return nil
}

// redirectErr types the failure to send a request to a URL that no client
// should follow: net/http fails one to ftp:// with an untyped "unsupported
// protocol scheme". Get checked the URL it was given, so a bad URL here is a
// redirect's target.
func redirectErr(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		return fmt.Errorf("redirect to %w: %w", ErrInvalidURL, err)
	}
	if cerr := checkURL(u); cerr != nil {
		return fmt.Errorf("redirect to %w", cerr)
	}
	return err
}

// resolve makes each src absolute: relative to the page's <base href> if
// the script comes after it, which is itself relative to the final URL after
// redirects, and otherwise relative to the final URL. Resolving a src reads
// the whole base, and may copy it, so the base may be at most MaxURLBytes,
// and each src costs the longer of its base and its result, at most maxBytes
// in all. A src is checked against what is left before it is parsed, with
// room for the worst its escaping can do, so that one long src cannot cost
// many times maxBytes, or much time, before it is found to be over the cap.
// ctx is checked at each src.
func resolve(ctx context.Context, p parsed, final *url.URL, maxBytes int64) ([]Script, error) {
	final = withoutUser(final)
	base := final
	if b, err := final.Parse(p.base); p.base != "" && err == nil {
		base = withoutUser(b)
	}
	baseLen := len(base.String())
	if baseLen > MaxURLBytes {
		return nil, fmt.Errorf("%w: the page's base has %d bytes, over %d", ErrURLTooLong, baseLen, MaxURLBytes)
	}
	finalLen := len(final.String())
	var cost int64
	scripts := p.scripts
	for i, s := range scripts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if s.Src == "" {
			continue
		}
		b, bLen := base, baseLen
		if i < p.baseAt {
			b, bLen = final, finalLen
		}
		// Escaping turns one byte into at most three ("é" is %C3%A9), and a
		// relative path may gain a "./".
		if worst := int64(bLen + 3*len(s.Src) + len("./")); cost+worst > maxBytes {
			return nil, fmt.Errorf("%w: a src of %d bytes may cost %d bytes to resolve, over the %d left of %d",
				ErrTooLarge, len(s.Src), worst, maxBytes-cost, maxBytes)
		}
		u, err := b.Parse(s.Src)
		if err != nil {
			continue // keep the src as written: a bad src is the page's problem, not ours
		}
		scripts[i].Src = u.String()
		if cost += int64(max(bLen, len(scripts[i].Src))); cost > maxBytes {
			return nil, fmt.Errorf("%w: resolving srcs against a %d-byte base costs over %d bytes", ErrTooLarge, bLen, maxBytes)
		}
	}
	return scripts, ctx.Err()
}

// withoutUser returns u without its user:password@. The caller's credentials
// stay in the request: a src printed or fetched later must not carry them.
func withoutUser(u *url.URL) *url.URL {
	if u.User == nil {
		return u
	}
	v := *u
	v.User = nil
	return &v
}
