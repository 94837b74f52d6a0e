package waterfall

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
)

const ms = time.Millisecond

func TestMostInFlight(t *testing.T) {
	hand := []fetchbench.Timing{{Start: 0, End: 10 * ms}, {Start: 10 * ms, End: 20 * ms}}
	assert.Equal(t, 1, MostInFlight(hand), "a page that starts as another ends")
	overlap := []fetchbench.Timing{{Start: 0, End: 10 * ms}, {Start: 5 * ms, End: 20 * ms}, {Start: 6 * ms, End: 7 * ms}}
	assert.Equal(t, 3, MostInFlight(overlap), "three overlapping pages")
}

func TestWriteSVG(t *testing.T) {
	c := Chart{
		Title: "t", Limit: 2,
		URLs: []string{"https://h0.fetchtest.test/page/0", "https://h0.fetchtest.test/page/0", "https://h1.fetchtest.test/page/1"},
		Timings: []fetchbench.Timing{
			{URL: "https://h0.fetchtest.test/page/0", Start: 0, End: 30 * ms, Phases: []fetchbench.Phase{
				{Name: fetchbench.PhaseConnect, Start: 0, End: 10 * ms},
				{Name: fetchbench.PhaseTLS, Start: 10 * ms, End: 20 * ms},
				{Name: fetchbench.PhaseWait, Start: 20 * ms, End: 30 * ms},
			}},
			{URL: "https://h0.fetchtest.test/page/0", Start: 30 * ms, End: 40 * ms, Failed: true},
		},
	}
	var b strings.Builder
	require.NoError(t, c.WriteSVG(&b))
	svg := b.String()
	for _, want := range []string{
		">h0/page/0<",                      // the repeated URL's first row
		"h1/page/1 (not fetched)",          // a URL Get never ran for
		"limit 2",                          // the limit's line
		"(most: 1)",                        // the pages never overlapped
		`fill="#E69F00"`, `fill="#CC79A7"`, // connect and TLS
		"TCP connect", "TLS handshake", "the page failed",
	} {
		assert.Contains(t, svg, want)
	}
	assert.NotContains(t, svg, "body read and parsed", "the legend explains a phase no page had")
}

func TestShortURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://h3.fetchtest.test/page/7", "h3/page/7"},
		{"http://127.0.0.1:46411/page/10", "127.0.0.1:46411/page/10"},
		{"https://go.dev/doc/effective_go", "go.dev/doc/effective_go"},
		{"https://go.dev/doc/tutorial/add-a-test?x=1", "go.dev/…utorial/add-a-test?x=1"},
		{"https://developer.mozilla.org/en-US/docs/Web/HTML/Element/script", "developer.mozilla.org/…ent/script"},
		{"https://user:pw@go.dev/doc", "go.dev/doc"},
		{"https://example.test/a\x1bb", "https://example.test/a\x1bb"}, // url.Parse refuses it, and it fits: shown whole (WriteSVG escapes it)
		{"https://u:pw@example.test/\x00", "https://u:xxxxx@example.test/\x00"},
		{"https://user:secret@h0.fetchtest.test/\x01", "…ser:xxxxx@h0.fetchtest.test/\x01"}, // too long: its last 29 runes
	} {
		assert.Equal(t, tt.want, shortURL(tt.in), "shortURL(%q)", tt.in)
	}
}

// A URL from the command line may hold a password, or characters that XML
// cannot hold; the chart must keep the one secret and still parse.
func TestWriteSVGHostileURLs(t *testing.T) {
	urls := []string{
		"https://user:secret@h0.fetchtest.test/page/0",
		"https://h0.fetchtest.test/page/\uFFFE",
		"https://h0.fetchtest.test/page/\uFFFF",
		"https://h0.fetchtest.test/page/\xed\xa0\x80", // a lone surrogate, encoded
		"https://h0.fetchtest.test/page/\xff",
		"https://user:secret@h0.fetchtest.test/\x01", // url.Parse refuses it
	}
	c := Chart{Title: "t", URLs: urls, Comments: []string{"drawn by a test---"}}
	for i, u := range urls {
		c.Timings = append(c.Timings, fetchbench.Timing{URL: u, Start: time.Duration(i) * ms, End: time.Duration(i+1) * ms})
	}
	var b strings.Builder
	require.NoError(t, c.WriteSVG(&b))
	svg := b.String()
	assert.NotContains(t, svg, "secret", "the SVG holds a password")
	assert.Equal(t, 2, strings.Count(svg, "user:xxxxx@"), "the redacted user, once per tooltip")
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "the SVG does not parse:\n%s", svg)
	}
}
