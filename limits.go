package fetchbench

import "time"

// The limits that bound what one page may cost, whatever it holds. Going
// over one fails the page with a typed error, never with a truncated answer.
const (
	// DefaultMaxBodyBytes is the body cap used when Options.MaxBodyBytes is
	// zero: 10 MiB. It bounds a page's memory too, which stays within a small
	// multiple of it whatever the page holds (docs/reliability.md), and the
	// cost of resolving the page's srcs.
	DefaultMaxBodyBytes = 10 << 20

	// DefaultMaxScripts is the script cap used when Options.MaxScripts is zero:
	// far more than a real page holds, in 480 KB of Script values. Without a
	// cap, a 10 MiB page of <script/> inside an <svg> makes over a million.
	DefaultMaxScripts = 10_000

	// MaxURLBytes is the longest URL that Get accepts: the URL it is given, a
	// redirect's target, and a page's base (its final URL, or its <base href>
	// resolved against that). A longer one fails with ErrURLTooLong. Every
	// relative src copies the base, so without a cap a 354 KB page with a
	// 256 KiB <base href> made gigabytes of URLs. RFC 9110 recommends that
	// every sender and recipient support URLs of at least 8,000 bytes, and many
	// servers accept not much more.
	MaxURLBytes = 8 << 10

	// MaxTokenBytes caps one token of a page: a tag with its attributes, a
	// comment, or a run of text such as an inline script's source, counted in
	// UTF-8 after decoding, with the few bytes of a raw text's end tag that the
	// tokenizer reads ahead. A token that reaches it fails the parse with
	// ErrTooLarge. The tokenizer holds a whole token in memory, and a tag's
	// attributes cost it 32 bytes each: without a cap, one 10 MiB start tag of 5
	// million attribute names took a peak heap of 74.61 MB, and a 10 MiB
	// windows-1252 comment 234.6 MB (results/2026-12-06/tokencap.txt).
	MaxTokenBytes = 1 << 20

	// MaxForeignDepth caps how deeply SVG and MathML elements nest: a page
	// that has more open at once fails with ErrTooLarge. The parse keeps one
	// entry for each open element, and 10 MiB of nested <g> made 1.5
	// million, a peak heap of 128.0 MB. html.Parse fails past 512 open
	// elements too, and Chromium's parser nests no deeper.
	MaxForeignDepth = 512

	// MaxRedirects is how many redirects a client from NewClient follows: one
	// more fails with ErrTooManyRedirects. It follows only a target that Get
	// would accept (an http or https URL of at most MaxURLBytes), and fails any
	// other with ErrInvalidURL or ErrURLTooLong before sending a request to it.
	// Ten is net/http's own default.
	MaxRedirects = 10

	// ClientTimeout is the backstop timeout of a client from NewClient, so
	// that a run with no Options.Timeout still ends. Use Options.Timeout for
	// the real per-page limit.
	ClientTimeout = 2 * time.Minute
)
