package svg

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommentSafe(t *testing.T) {
	for in, want := range map[string]string{
		"go test -run x": "go test -run x",
		"a--b":           "a- -b",
		"---":            "- - -", // one ReplaceAll pass leaves "- --"
		"----":           "- - - -",
		"-x -- y---":     "-x - - y- - -",
		"bad \xff\uFFFE": "bad \uFFFD\uFFFD",
	} {
		assert.Equal(t, want, CommentSafe(in), "CommentSafe(%q)", in)
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"https://h0.fetchtest.test/page/1": "https://h0.fetchtest.test/page/1",
		"naïve ✓ 𝄞":                        "naïve ✓ 𝄞",
		"a\x1bb\u202ec\td\ne":              "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe",
		"\uFFFE\uFFFF":                     "\uFFFD\uFFFD",
		"\xed\xa0\x80":                     "\uFFFD", // a lone surrogate, encoded
		"a\xffb":                           "a\uFFFDb",
	} {
		assert.Equal(t, want, Visible(in), "Visible(%q)", in)
	}
}

// Every string, however hostile, leaves a document that an XML parser reads.
func TestDocumentParses(t *testing.T) {
	hostile := []string{"---", "a--", "-", "<&>\"'", "\uFFFE", "\uFFFF", "\x00\x1f", "\xed\xb0\x80", "\xff\xfe", "]]>", "?>"}
	var b strings.Builder
	w := New(&b, 100, 50.25, hostile...)
	for _, s := range hostile {
		w.Line(`<text x="%s" y="1"><title>%s</title>%s</text>`, Coord(1.25), Esc(s), Esc(s))
		w.Line(`<g id="%s"/>`, Esc(s))
	}
	require.NoError(t, w.Close())

	d := xml.NewDecoder(strings.NewReader(b.String()))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "the document:\n%s", b.String())
	}
	assert.True(t, strings.HasPrefix(b.String(), `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50.3" viewBox="0 0 100 50.3"`), b.String())
}

type failing struct{ n int }

func (f *failing) Write(p []byte) (int, error) {
	f.n++
	return 0, errors.New("disk full")
}

func TestWriterKeepsFirstError(t *testing.T) {
	f := &failing{}
	w := New(f, 10, 10, "a comment")
	w.Line("<g/>")
	assert.EqualError(t, w.Close(), "disk full")
	assert.Equal(t, 1, f.n, "writes after the first failure")
}

func TestCoord(t *testing.T) {
	assert.Equal(t, "78.0", Coord(78))
	assert.Equal(t, "12.3", Coord(12.34))
	assert.Equal(t, "-0.5", Coord(-0.5))
}

func TestStep(t *testing.T) {
	for raw, want := range map[float64]float64{1: 1, 1.2: 2, 2: 2, 3: 5, 7: 10, 0.013: 0.02, 450: 500, 6.25e6: 1e7} {
		assert.InDelta(t, want, Step(raw), want*1e-9, "Step(%v)", raw)
	}
}
