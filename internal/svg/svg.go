// Package svg is the small toolkit that fetchbench's charts share: a writer
// that prints an SVG document line by line, escaping, coordinates, XML
// comments and the colours. Each chart keeps only its own geometry.
package svg

import (
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The Okabe–Ito palette, whose colours stay apart for colour-blind readers,
// and the greys the charts draw their frames in.
const (
	Blue          = "#0072B2"
	Vermillion    = "#D55E00"
	BluishGreen   = "#009E73"
	ReddishPurple = "#CC79A7"
	Orange        = "#E69F00"
	SkyBlue       = "#56B4E9"
	Black         = "#000000"
	Yellow        = "#F0E442"

	Ink  = "#333333" // axes, ticks and labels
	Grid = "#e3e3e3" // grid lines
)

// Palette is the Okabe–Ito colours in the order a chart gives them to its
// series: the strongest contrasts first, yellow, the faintest on white, last.
var Palette = []string{Blue, Vermillion, BluishGreen, ReddishPurple, Orange, SkyBlue, Black, Yellow}

// A Writer prints an SVG document one line at a time. After the first
// failed write it writes nothing more, and Close returns that error, so a
// chart need not check every line.
type Writer struct {
	w   io.Writer
	err error
}

// New starts a document of the given size on w: the <svg> element with the
// charts' font, each comment, and a white background.
func New(w io.Writer, width, height float64, comments ...string) *Writer {
	sw := &Writer{w: w}
	sw.Line(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
		size(width), size(height), size(width), size(height))
	for _, c := range comments {
		sw.Line(`<!-- %s -->`, CommentSafe(c))
	}
	sw.Line(`<rect width="100%%" height="100%%" fill="#ffffff"/>`)
	return sw
}

// Line prints one line, formatted as by fmt.Printf. The arguments must
// already be escaped: see Esc.
func (w *Writer) Line(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.w, format+"\n", args...)
	}
}

// Close ends the document and returns the first error from a write.
// It does not close the io.Writer.
func (w *Writer) Close() error {
	w.Line(`</svg>`)
	return w.err
}

// Esc makes s safe as an element's text or an attribute's value: it escapes
// the five markup characters and replaces what XML cannot hold, or a reader
// would not see, with U+FFFD (see Visible).
func Esc(s string) string { return html.EscapeString(Visible(s)) }

// CommentSafe makes s safe inside an XML comment, which must not hold "--":
// one pass would turn "---" into "- --", so it repeats until none is left.
// Characters that XML cannot hold are replaced as in Visible.
func CommentSafe(s string) string {
	s = Visible(s)
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "- -")
	}
	return s
}

// Visible replaces with U+FFFD each byte that is not UTF-8, each character
// that XML 1.0 forbids (controls, U+FFFE, U+FFFF), and the controls and
// format characters it allows but a reader would not see, such as a tab or
// a right-to-left override: text from a URL or a command line may hold any.
func Visible(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF ||
			unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}

// Coord formats a coordinate to one decimal place: a tenth of a pixel is
// finer than any screen shows.
func Coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// Step returns a round step for an axis's ticks: the smallest of 1, 2 and 5
// times a power of ten that is at least raw, which must be above zero.
func Step(raw float64) float64 {
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if m*pow >= raw {
			return m * pow
		}
	}
	return 10 * pow
}

// size formats a width or height as Coord does, without a needless ".0".
func size(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
